sweep scenarios/capacity-fit.yaml --find-min spec.cluster.nodePools[0].count=1..40 --replications 3 --workers 1 --json
