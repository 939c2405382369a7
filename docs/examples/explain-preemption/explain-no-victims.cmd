explain docs/examples/explain-preemption/cluster.yaml docs/examples/explain-preemption/pending-pods.yaml pod/shop/report-0
