/**
 * How the containers' log groups are named and how much each node buffers for them: pure, so
 * that the stack config's checks (stacks/config/schema.ts) use the very rules the add-on does.
 */

/** The log group of the namespaces the platform does not create (default, kube-node-lease, anything added by hand). */
export const UNLISTED_NAMESPACES_GROUP = "unlisted";

/** CloudWatch Logs' limits on a log group name. */
export const LOG_GROUP_NAME_MAX = 512;
export const LOG_GROUP_NAME_PATTERN = /^[A-Za-z0-9_\-/.#]+$/;
/** The longest namespace name Kubernetes allows (a DNS label), for checking a prefix against the name limit. */
export const NAMESPACE_NAME_MAX = 63;

/** The name of one namespace's log group: `<prefix>/<environment>/containers/<namespace>`. */
export function logGroupName(prefix: string, environment: string, namespace: string): string {
    return `${prefix}/${environment}/containers/${namespace}`;
}

/** Why a log group prefix cannot name CloudWatch log groups; empty when it can. */
export function logGroupPrefixProblems(prefix: string, environment: string): string[] {
    const problems: string[] = [];
    if (!prefix.startsWith("/") || prefix.endsWith("/")) problems.push("must start with / and not end with /");
    if (!LOG_GROUP_NAME_PATTERN.test(prefix)) problems.push("may hold only the characters CloudWatch Logs allows in a log group name: a-z, A-Z, 0-9, _, -, /, . and #");
    if (prefix.startsWith("/aws/")) problems.push("must not start with /aws/, which AWS reserves for its services' log groups");
    const longest = logGroupName(prefix, environment, "x".repeat(NAMESPACE_NAME_MAX)).length;
    if (longest > LOG_GROUP_NAME_MAX) problems.push(`makes log group names of up to ${longest} characters (a ${NAMESPACE_NAME_MAX}-character namespace); CloudWatch allows ${LOG_GROUP_NAME_MAX}`);
    return problems;
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
