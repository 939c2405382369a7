explain docs/examples/explain/cluster.yaml docs/examples/explain/pending-pod.yaml pod/shop/web-0 --all-scores
