/**
 * ImageLocality (pkg/scheduler/framework/plugins/imagelocality/image_locality.go): favours
 * nodes that already hold the pod's images. Per container image (init and app, name
 * normalized with ":latest") present on the node: `size · (nodes with the image / all nodes)`,
 * truncated; the sum is clamped to [23 MiB, 1000 MiB · containers] and scaled to 0…100.
 */
import type { ScorePlugin } from "../framework/interfaces.js";

const MB = 1024 * 1024;
/** image_locality.go: minThreshold, "the number of bytes an image must reach to get a score". */
export const MIN_THRESHOLD = 23 * MB;
/** image_locality.go: maxContainerThreshold, per container. */
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

export const imageLocality = {
  name: "ImageLocality",
  /**
   * Upstream has no PreScore. Ours skips when no node holds any of the pod's images: every
   * score would be 0, which is exactly what a skipped plugin contributes.
   */
  preScore(c, pod) {
    const counts = c.nodes.nodesWithImage;
    for (let i = 0; i < pod.images.length; i++) {
      const id = pod.images[i]!;
      if (id < counts.length && counts[id]! > 0) return true;
    }
    return false;
  },
  score(c, pod, state, node) {
    const t = c.nodes;
    const base = node * t.imageStride;
    const n = t.imageCount[node]!;
    let sum = 0;
    for (let i = 0; i < pod.images.length; i++) {
      const want = pod.images[i]!;
      for (let j = 0; j < n; j++) {
        if (t.imageId[base + j] !== want) continue;
        // scaledImageScore: int64(float64(size) * spread).
        sum += Math.trunc(t.imageSize[base + j]! * (t.nodesWithImage[want]! / state.numAllNodes));
        break;
      }
    }
    const maxThreshold = MAX_CONTAINER_THRESHOLD * pod.images.length;
    if (sum < MIN_THRESHOLD) sum = MIN_THRESHOLD;
    else if (sum > maxThreshold) sum = maxThreshold;
    return Math.trunc((100 * (sum - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
  },
  /** `score` over the feasible list; a copy in this module so the call is monomorphic. */
  scoreNodes(c, pod, state, feasible, count, out) {
    for (let j = 0; j < count; j++) out[j] = this.score(c, pod, state, feasible[j]!);
  },
} satisfies ScorePlugin;
