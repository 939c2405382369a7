/** kubesim's own version, and the Kubernetes release whose behaviour it models. */
export const KUBESIM_VERSION = "0.1.0";
export const KUBERNETES_VERSION_MODELLED = "v1.34";
