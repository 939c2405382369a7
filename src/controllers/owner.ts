/**
 * Controller references (apimachinery `metav1.GetControllerOf`): the owner a controller acts
 * for, and the references it writes on what it creates.
 */
import type { KubeObject, OwnerReference } from "../cluster/k8s-types.js";

/** The controlling owner reference, if any. */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((o) => o.controller === true);
}

/** `namespace/name` of the controlling owner of `kind`, or null. */
export function ownerKey(obj: KubeObject, kind: string): string | null {
  const ref = controllerOf(obj);
  if (!ref || ref.kind !== kind || !ref.name) return null;
  return `${obj.metadata?.namespace || "default"}/${ref.name}`;
}

export function controllerRef(apiVersion: string, kind: string, owner: KubeObject): OwnerReference {
  return { apiVersion, kind, name: owner.metadata!.name!, uid: owner.metadata!.uid!, controller: true, blockOwnerDeletion: true };
}

export function keyOf(obj: KubeObject): string {
  return `${obj.metadata?.namespace || "default"}/${obj.metadata!.name!}`;
}

/** apimachinery `utilrand.String` alphabet: no vowels, no look-alike characters. */
export const RAND_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** A 5-character suffix as `generateName` produces (names.SimpleNameGenerator, randomLength 5). */
export function randomSuffix(int: (n: number) => number, length = 5): string {
  let s = "";
  for (let i = 0; i < length; i++) s += RAND_ALPHABET[int(RAND_ALPHABET.length)];
  return s;
}
