/**
 * Each node's image store and puller (pkg/kubelet/images): which images a node has, or will have
 * once an in-flight pull ends, and when its puller is free. Pulls are serialised per node
 * (`serializeImagePulls: true`, the kubelet default), so a pull starts when the previous one on
 * that node ends. Pre-filled from the node's `status.images` (pool `images`).
 */
import type { Node } from "../cluster/k8s-types.js";
import type { KubeletSettings } from "../scenario/scenario-types.js";
import { pullDurationUs } from "./image-policy.js";

export class NodeImages {
  private pullFreeUs = new Float64Array(64);
  /** Per node: image → time it is (or will be) present; −Infinity = pre-pulled. */
  private readonly present: Map<string, number>[] = [];
  private readonly sizes: Map<string, number>[] = [];

  /** Registers node index `n` (indices are dense and never reused). */
  addNode(n: number, node: Node): void {
    if (n >= this.pullFreeUs.length) {
      const b = new Float64Array(Math.max(n + 1, this.pullFreeUs.length * 2));
      b.set(this.pullFreeUs);
      this.pullFreeUs = b;
    }
    const cache = new Map<string, number>();
    const sizes = new Map<string, number>();
    for (const im of node.status?.images ?? []) {
      for (const name of im.names ?? []) {
        cache.set(name, -Infinity);
        if (im.sizeBytes) sizes.set(name, im.sizeBytes);
      }
    }
    this.present[n] = cache;
    this.sizes[n] = sizes;
  }

  /** When `image` is (or will be) on node `n`; undefined = not there and not being pulled. */
  presentAt(n: number, image: string): number | undefined {
    return this.present[n]!.get(image);
  }

  /** The earliest a pull asked for at `nowUs` can start on node `n`. */
  pullStartUs(n: number, nowUs: number): number {
    return Math.max(nowUs, this.pullFreeUs[n]!);
  }

  /**
   * Books node `n`'s puller for `image` from `startUs` and returns when the pull ends and how
   * many bytes it moves: the image's size (scenario `kubelet.imageSizes`, then the node's
   * `status.images`, then the default), or only the registry round trip when it is on the node
   * already (`Always` re-resolves the tag).
   */
  bookPull(n: number, image: string, startUs: number, k: KubeletSettings): { endUs: number; bytes: number } {
    const presentAt = this.present[n]!.get(image);
    const bytes = presentAt !== undefined ? 0 : (k.imageSizes[image] ?? this.sizes[n]!.get(image) ?? k.defaultImageSizeBytes);
    const endUs = startUs + pullDurationUs(bytes, k.imagePullBytesPerSec, k.imagePullLatencyUs);
    this.pullFreeUs[n] = endUs;
    this.present[n]!.set(image, presentAt ?? endUs);
    return { endUs, bytes };
  }
}
