/**
 * Timeline actions (`spec.timeline`): what a user or the world does to the cluster at a given
 * time. Each action is a handler keyed by its `action` name, run on `Band.NODE_FAILURE` (the
 * world changes before anyone reacts at that instant). API changes go through the store like
 * `kubectl` would; machine failures go through `NodeWorld`.
 *
 * `registryOutage` and `probeFailure` record a fault outside the cluster (`world.faults`) that
 * the kubelet reads: pulls from that registry fail until the window ends; the workload's probes
 * of that kind fail for the window. Pass handlers in `RunOptions.timelineHandlers` to replace any
 * of these. An action without a handler produces a warning, not an error.
 *
 * `drain` is `kubectl drain --ignore-daemonsets`: cordon, then evictions that respect
 * PodDisruptionBudgets, retried every 5 s on 429 (drain.ts). Simplification: `apply` replaces
 * the `spec` (and labels) of an existing object, or creates it.
 */
import type { ActorContext } from "../apiserver/actor.js";
import type { KubeObject, Node } from "../cluster/k8s-types.js";
import { normalizeRegistryHost } from "../kubelet/image-policy.js";
import type { TimelineAction } from "../scenario/scenario-types.js";
import { evictPodsOfNode } from "./drain.js";

export type TimelineHandler = (action: TimelineAction, ctx: ActorContext, rt: TimelineRuntime) => void;

/** What handlers may use beyond the actor context. */
export interface TimelineRuntime {
  /** Creates Node objects for `count` more nodes of `pool`. */
  addPoolNodes(pool: string, count: number): void;
}

type Of<A extends TimelineAction["action"]> = Extract<TimelineAction, { action: A }>;
type NodeAction = Extract<TimelineAction, { node: string }>;
type ZoneAction = Extract<TimelineAction, { zone: string }>;

function targetObject(ctx: ActorContext, t: { kind: string; namespace: string; name: string }): (KubeObject & { spec?: Record<string, unknown> }) | undefined {
  const o = ctx.store.get(t.kind, t.namespace, t.name);
  if (!o) ctx.warn(`timeline: ${t.kind} ${t.namespace}/${t.name} does not exist at t=${ctx.sim.nowUs / 1e6}s; action ignored`);
  return o as never;
}

function nodeObject(ctx: ActorContext, name: string): Node | undefined {
  const n = ctx.store.get("Node", undefined, name) as Node | undefined;
  if (!n) ctx.warn(`timeline: node ${name} does not exist at t=${ctx.sim.nowUs / 1e6}s; action ignored`);
  return n;
}

function setUnschedulable(ctx: ActorContext, name: string, on: boolean): Node | undefined {
  const n = nodeObject(ctx, name);
  if (!n) return undefined;
  n.spec = { ...n.spec, unschedulable: on };
  ctx.store.update("Node", n);
  return n;
}

function nodesInZone(ctx: ActorContext, zone: string): string[] {
  return ctx.store
    .list("Node")
    .filter((n) => n.metadata?.labels?.["topology.kubernetes.io/zone"] === zone)
    .map((n) => n.metadata!.name!);
}

export const DEFAULT_TIMELINE_HANDLERS: Partial<Record<TimelineAction["action"], TimelineHandler>> = {
  scale(a, ctx) {
    const { target, replicas } = a as Of<"scale">;
    const o = targetObject(ctx, target);
    if (!o?.spec) return;
    o.spec["replicas"] = replicas;
    ctx.store.update(target.kind, o);
  },
  rollout(a, ctx) {
    const { target, image, env } = a as Of<"rollout">;
    const o = targetObject(ctx, target);
    if (!o?.spec) return;
    // A new template object: pods of the old template keep sharing the old one.
    const tpl = structuredClone(o.spec["template"] ?? {}) as { metadata?: { annotations?: Record<string, string> }; spec?: { containers?: { image?: string; env?: { name: string; value: string }[] }[] } };
    for (const c of tpl.spec?.containers ?? []) {
      if (image !== undefined) c.image = image;
      for (const [name, value] of Object.entries(env ?? {})) {
        c.env = (c.env ?? []).filter((e) => e.name !== name);
        c.env.push({ name, value });
      }
    }
    if (image === undefined && env === undefined) {
      // kubectl rollout restart.
      tpl.metadata = { ...tpl.metadata, annotations: { ...tpl.metadata?.annotations, "kubectl.kubernetes.io/restartedAt": new Date(ctx.sim.nowUs / 1000).toISOString() } };
    }
    o.spec["template"] = tpl;
    ctx.store.update(target.kind, o);
  },
  cordon: (a, ctx) => void setUnschedulable(ctx, (a as NodeAction).node, true),
  uncordon: (a, ctx) => void setUnschedulable(ctx, (a as NodeAction).node, false),
  drain(a, ctx) {
    const name = (a as NodeAction).node;
    if (!setUnschedulable(ctx, name, true)) return;
    evictPodsOfNode(ctx, name); // through the Eviction API: PodDisruptionBudgets hold pods back
  },
  deleteNode(a, ctx) {
    const n = nodeObject(ctx, (a as NodeAction).node);
    if (n) ctx.store.delete("Node", n);
  },
  failNode: (a, ctx) => ctx.world.fail((a as NodeAction).node, ctx.sim.nowUs),
  recoverNode: (a, ctx) => ctx.world.recover((a as NodeAction).node, ctx.sim.nowUs),
  failZone(a, ctx) {
    for (const n of nodesInZone(ctx, (a as ZoneAction).zone)) ctx.world.fail(n, ctx.sim.nowUs);
  },
  recoverZone(a, ctx) {
    for (const n of nodesInZone(ctx, (a as ZoneAction).zone)) ctx.world.recover(n, ctx.sim.nowUs);
  },
  addNodes(a, _ctx, rt) {
    const { pool, count } = a as Of<"addNodes">;
    rt.addPoolNodes(pool, count);
  },
  registryOutage(a, ctx) {
    const { registry, durationUs } = a as Of<"registryOutage">;
    const now = ctx.sim.nowUs;
    ctx.world.faults.registryOutage(registry === null ? null : normalizeRegistryHost(registry), now, now + durationUs);
  },
  probeFailure(a, ctx) {
    const { target, probe, durationUs } = a as Of<"probeFailure">;
    const o = targetObject(ctx, target) as { spec?: { template?: { spec?: { containers?: Record<string, unknown>[] } } } } | undefined;
    if (!o) return;
    const field = `${probe}Probe`;
    if (!(o.spec?.template?.spec?.containers ?? []).some((c) => c[field])) {
      ctx.warn(`timeline: ${target.kind} ${target.namespace}/${target.name} has no ${field}; probeFailure at t=${ctx.sim.nowUs / 1e6}s changes nothing`);
    }
    const now = ctx.sim.nowUs;
    ctx.world.faults.probeFailure(`${target.namespace}/${target.kind}/${target.name}`, probe, now, now + durationUs);
  },
  apply(a, ctx) {
    for (const lo of (a as Of<"apply">).objects) {
      const obj = structuredClone(lo.object);
      const existing = ctx.store.get(lo.kind, lo.namespace || undefined, lo.name) as (KubeObject & { spec?: unknown }) | undefined;
      if (!existing) {
        ctx.store.create(lo.kind, obj);
        continue;
      }
      existing.spec = (obj as { spec?: unknown }).spec;
      existing.metadata!.labels = obj.metadata?.labels;
      // Admission webhook configurations keep their content in `webhooks`, not `spec`.
      if ("webhooks" in obj) (existing as { webhooks?: unknown }).webhooks = (obj as { webhooks?: unknown }).webhooks;
      ctx.store.update(lo.kind, existing);
    }
  },
};
