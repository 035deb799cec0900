/**
 * How the containers' log groups are named and how much each node buffers for them: pure, so
 * that the stack config's checks (stacks/config/schema.ts) use the very rules the add-on does.
 */

/** The log group of the namespaces the platform does not create (default, kube-node-lease, anything added by hand). */
export const UNLISTED_NAMESPACES_GROUP = "unlisted";

/** CloudWatch Logs' limits on a log group name. */
export const LOG_GROUP_NAME_MAX = 512;
export const LOG_GROUP_NAME_PATTERN = /^[A-Za-z0-9_\-/.#]+$/;

/**
 * One namespace's log group, beside the control plane's (`/aws/eks/<cluster>/cluster`): under
 * `/aws/*\/<cluster>`, the names the deploy role may manage (bootstrap/delivery-policies.ts).
 */
export function logGroupName(clusterName: string, namespace: string): string {
    return `/aws/eks/${clusterName}/containers/${namespace}`;
}

/** Why CloudWatch Logs would refuse a log group name; empty when it takes it. */
export function logGroupNameProblems(name: string): string[] {
    return [
        ...(name.length > LOG_GROUP_NAME_MAX ? [`log group name ${name.slice(0, 40)}... is ${name.length} characters; CloudWatch allows ${LOG_GROUP_NAME_MAX}`] : []),
        ...(LOG_GROUP_NAME_PATTERN.test(name) ? [] : [`log group name ${JSON.stringify(name)} holds characters CloudWatch Logs refuses (allowed: a-z, A-Z, 0-9, _, -, /, . and #)`]),
    ];
}

/** What the buffer on each node is sized for. */
export interface LogBuffering {
    /** The longest CloudWatch Logs outage (or throttling) during which no record may be lost. */
    outageMinutes: number;
    /** The log volume one node writes at peak, in KiB per second. */
    nodeLogRateKiBPerSecond: number;
}

/** The filesystem buffer one node needs, in MiB: everything its containers write during the outage. */
export function bufferMiB(buffering: LogBuffering): number {
    return Math.ceil((buffering.nodeLogRateKiBPerSecond * buffering.outageMinutes * 60) / 1024);
}

/**
 * The two outputs the config routes to, and so the disk the buffer can take on a node: each
 * output's queue is limited on its own (`storage.total_limit_size`).
 */
export const OUTPUT_COUNT = 2;
