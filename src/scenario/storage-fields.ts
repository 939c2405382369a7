/**
 * Checks of the StatefulSet and storage fields kubesim acts on (apps/v1 StatefulSet, core/v1
 * PersistentVolumeClaim and PersistentVolume, storage.k8s.io/v1 StorageClass), with the
 * values the API server's validation allows, so a mistake is an InputError at its position
 * rather than a claim that silently never binds. Fields kubesim ignores are not checked.
 */
import type { LoadedObject } from "./manifests.js";
import { expectCount, expectQuantity, expectString, valueAt } from "./manifest-fields.js";

/** Throws an InputError for the first bad field of `o` (a no-op for other kinds). */
export function checkStorageFields(o: LoadedObject): void {
  switch (o.kind) {
    case "StatefulSet": {
      expectString(o, ["spec", "podManagementPolicy"], { oneOf: ["OrderedReady", "Parallel"] });
      expectString(o, ["spec", "updateStrategy", "type"], { oneOf: ["RollingUpdate", "OnDelete"] });
      expectCount(o, ["spec", "updateStrategy", "rollingUpdate", "partition"]);
      const templates = valueAt(o, ["spec", "volumeClaimTemplates"]);
      if (Array.isArray(templates)) {
        templates.forEach((_, i) => {
          const at = ["spec", "volumeClaimTemplates", i];
          expectString(o, [...at, "metadata", "name"], { required: true });
          expectQuantity(o, [...at, "spec", "resources", "requests", "storage"], "storage");
        });
      }
      break;
    }
    case "PersistentVolumeClaim":
      expectQuantity(o, ["spec", "resources", "requests", "storage"], "storage");
      expectString(o, ["spec", "storageClassName"]);
      expectString(o, ["spec", "volumeName"]);
      break;
    case "PersistentVolume":
      expectQuantity(o, ["spec", "capacity", "storage"], "storage");
      expectString(o, ["spec", "storageClassName"]);
      break;
    case "StorageClass":
      expectString(o, ["provisioner"], { required: true });
      expectString(o, ["volumeBindingMode"], { oneOf: ["Immediate", "WaitForFirstConsumer"] });
      break;
    default:
      break;
  }
}
