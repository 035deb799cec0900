/**
 * The questions an incident asks of the EKS control-plane logs, as CloudWatch Logs Insights
 * queries (saved in the console under the environment's folder) and, for the security-relevant
 * ones, metric filters with an alarm threshold. Both read the audit log's events, Kubernetes'
 * `audit.k8s.io/v1` Event in JSON, one per log event in the `kube-apiserver-audit-*` streams.
 *
 * Stages: EKS records each request at ResponseComplete, and long-running ones (exec, attach,
 * port-forward) also at ResponseStarted, when the session opens. The filters count ResponseComplete
 * once per request, except for sessions, which they count as soon as they start: an alarm on a
 * shell must not wait for the shell to close.
 */

/** The log streams of the API server's audit log in the control-plane log group. */
const AUDIT_STREAMS = "filter @logStream like /^kube-apiserver-audit/";

/** Request verbs that change an object (the rest read it). */
export const WRITE_VERBS = ["create", "update", "patch", "delete", "deletecollection"];
/** Pod subresources that open a session inside a running container, and `kubectl debug`'s. */
export const SESSION_SUBRESOURCES = ["exec", "attach", "portforward"];
export const RBAC_RESOURCES = ["roles", "rolebindings", "clusterroles", "clusterrolebindings"];
/** How the API server words a ValidatingAdmissionPolicy's refusal (`ValidatingAdmissionPolicy 'x' with binding 'y' denied request: ...`). */
export const ADMISSION_REFUSAL_MARKER = "ValidatingAdmissionPolicy";

export interface ControlPlaneQueriesInputs {
    /** The console folder of the saved queries, e.g. `signal-trading-prod`. */
    folder: string;
    /** The break-glass role (its sessions are `assumed-role/<name>/<session>`); none, no break-glass query or alarm. */
    breakGlassRoleArn?: string;
    /**
     * The pipeline's deploy role, whose Secret and RBAC writes (Helm release records, generated
     * credentials) are reviewed changes: the alarms leave them out, the queries still show them.
     */
    deployRoleArn?: string;
}

export interface SavedQuery {
    /** Stable logical suffix. */
    key: string;
    /** `<folder>/control-plane/<question>`: the console shows the slashes as folders. */
    name: string;
    queryString: string;
}

export interface AuditMetricFilter {
    key: string;
    /** The metric's name in the `SignalTrading/ControlPlane` namespace; also the filter's and the alarm's suffix. */
    metricName: string;
    /** CloudWatch Logs JSON filter pattern over the audit Event. */
    pattern: string;
    /** Events in five minutes that raise the alarm. */
    threshold: number;
    /** What the alarm tells security operations. */
    description: string;
}

const list = (values: string[]) => `[${values.map((v) => `"${v}"`).join(", ")}]`;
const anyOf = (selector: string, values: string[]) => values.map((v) => `${selector} = "${v}"`).join(" || ");

/** Role name and account of a role ARN (the path is not part of a session's ARN). */
function roleOf(roleArn: string): { partition: string; account: string; name: string } {
    const [, partition, , , account, resource] = roleArn.split(":");
    return { partition, account, name: resource.split("/").pop()! };
}

/** The principal columns every query shows: who (the IAM session behind the Kubernetes user), from where, with what. */
const WHO = "user.username, `user.extra.arn.0` as iamArn, `sourceIPs.0` as sourceIp, userAgent";

export function renderControlPlaneQueries(inputs: ControlPlaneQueriesInputs): SavedQuery[] {
    const query = (key: string, lines: string[]): SavedQuery => ({ key, name: `${inputs.folder}/control-plane/${key}`, queryString: lines.join("\n| ") });
    const queries = [
        query("pod-sessions", [
            `fields @timestamp, ${WHO}, objectRef.namespace, objectRef.name, objectRef.subresource, verb, stage, responseStatus.code`,
            AUDIT_STREAMS,
            `filter objectRef.resource = "pods" and (objectRef.subresource in ${list(SESSION_SUBRESOURCES)} or (objectRef.subresource = "ephemeralcontainers" and verb != "get"))`,
            `filter stage != "RequestReceived"`,
            "sort @timestamp desc",
        ]),
        query("secret-changes", [
            `fields @timestamp, ${WHO}, verb, objectRef.namespace, objectRef.name, responseStatus.code`,
            AUDIT_STREAMS,
            `filter objectRef.resource = "secrets" and verb in ${list(WRITE_VERBS)} and stage = "ResponseComplete"`,
            "sort @timestamp desc",
        ]),
        query("rbac-changes", [
            `fields @timestamp, ${WHO}, verb, objectRef.resource, objectRef.namespace, objectRef.name, responseStatus.code`,
            AUDIT_STREAMS,
            `filter objectRef.apiGroup = "rbac.authorization.k8s.io" and objectRef.resource in ${list(RBAC_RESOURCES)} and verb in ${list(WRITE_VERBS)} and stage = "ResponseComplete"`,
            "sort @timestamp desc",
        ]),
        query("failed-authentication", [
            `fields @timestamp, ${WHO}, verb, requestURI, responseStatus.code, \`annotations.authorization.k8s.io/reason\` as reason`,
            AUDIT_STREAMS,
            // 401: no valid credentials; 403 with an authorizer's "forbid": authenticated, not allowed (admission refusals are 403 too, but have no forbid decision).
            `filter responseStatus.code = 401 or (responseStatus.code = 403 and \`annotations.authorization.k8s.io/decision\` = "forbid")`,
            `filter stage = "ResponseComplete"`,
            "stats count(*) as refusals, earliest(@timestamp) as firstSeen, latest(@timestamp) as lastSeen by user.username, iamArn, sourceIp, responseStatus.code",
            "sort refusals desc",
        ]),
        query("admission-refusals", [
            `fields @timestamp, ${WHO}, verb, objectRef.resource, objectRef.namespace, objectRef.name, responseStatus.message`,
            AUDIT_STREAMS,
            `filter stage = "ResponseComplete" and responseStatus.message like "${ADMISSION_REFUSAL_MARKER} '"`,
            `parse responseStatus.message "${ADMISSION_REFUSAL_MARKER} '*' with binding" as policy`,
            "sort @timestamp desc",
        ]),
    ];
    if (inputs.breakGlassRoleArn) {
        const role = roleOf(inputs.breakGlassRoleArn);
        queries.push(query("break-glass", [
            `fields @timestamp, ${WHO}, verb, objectRef.resource, objectRef.namespace, objectRef.name, responseStatus.code`,
            AUDIT_STREAMS,
            `filter user.username like "assumed-role/${role.name}/" or \`user.extra.canonicalArn.0\` = "${breakGlassCanonicalArn(role)}"`,
            `filter stage = "ResponseComplete"`,
            "sort @timestamp desc",
        ]));
    }
    return queries;
}

/** The Kubernetes user name of a role's sessions under an access entry's default (`assumed-role/<name>/<session>`), as a filter-pattern wildcard. */
function sessionsOf(role: { partition: string; account: string; name: string }): string {
    return `arn:${role.partition}:sts::${role.account}:assumed-role/${role.name}/*`;
}

/** The IAM role as EKS's authenticator names it (`user.extra.canonicalArn`): no path. */
function breakGlassCanonicalArn(role: { partition: string; account: string; name: string }): string {
    return `arn:${role.partition}:iam::${role.account}:role/${role.name}`;
}

export function renderAuditMetricFilters(inputs: Pick<ControlPlaneQueriesInputs, "breakGlassRoleArn" | "deployRoleArn">): AuditMetricFilter[] {
    // A person or IAM role, not a Kubernetes component, and not the pipeline. A deploy role given another
    // user name in its access entry is not recognised: its writes then alarm, the safe side.
    const byPeople = `$.user.username != "system:*"${inputs.deployRoleArn ? ` && $.user.username != "${sessionsOf(roleOf(inputs.deployRoleArn))}"` : ""}`;
    const filters: AuditMetricFilter[] = [
        {
            key: "pod-sessions", metricName: "PodSessions", threshold: 1,
            pattern: `{ $.objectRef.resource = "pods" && (((${anyOf("$.objectRef.subresource", SESSION_SUBRESOURCES)}) && $.stage = "ResponseStarted") || `
                + `($.objectRef.subresource = "ephemeralcontainers" && $.verb != "get" && $.stage = "ResponseComplete")) }`,
            description: "Someone opened a shell, attach or port-forward session in a pod, or added a debug container. Query: control-plane/pod-sessions.",
        },
        {
            key: "secret-changes", metricName: "SecretChanges", threshold: 1,
            pattern: `{ $.objectRef.resource = "secrets" && (${anyOf("$.verb", WRITE_VERBS)}) && $.stage = "ResponseComplete" && ${byPeople} }`,
            description: "A person or IAM role (not a Kubernetes component, not the deploy pipeline) changed a Secret. Query: control-plane/secret-changes.",
        },
        {
            key: "rbac-changes", metricName: "RbacChanges", threshold: 1,
            pattern: `{ $.objectRef.apiGroup = "rbac.authorization.k8s.io" && (${anyOf("$.verb", WRITE_VERBS)}) && $.stage = "ResponseComplete" && ${byPeople} }`,
            description: "A person or IAM role (not the deploy pipeline) changed a Role, RoleBinding, ClusterRole or ClusterRoleBinding. Query: control-plane/rbac-changes.",
        },
        {
            key: "unauthenticated", metricName: "UnauthenticatedRequests", threshold: 20,
            pattern: `{ $.responseStatus.code = 401 && $.stage = "ResponseComplete" }`,
            description: "Requests with no valid credentials: a leaked endpoint, an expired token in a loop, or guessing. Query: control-plane/failed-authentication.",
        },
        {
            key: "admission-refusals", metricName: "AdmissionRefusals", threshold: 5,
            pattern: `{ $.responseStatus.code = 403 && $.responseStatus.message = %${ADMISSION_REFUSAL_MARKER}% && $.stage = "ResponseComplete" }`,
            description: "The platform's admission policies refused requests: someone keeps trying what the platform forbids. Query: control-plane/admission-refusals.",
        },
    ];
    if (inputs.breakGlassRoleArn) {
        const role = roleOf(inputs.breakGlassRoleArn);
        filters.push({
            key: "break-glass", metricName: "BreakGlassRequests", threshold: 1,
            pattern: `{ ($.user.username = "${sessionsOf(role)}" || $.user.extra.canonicalArn[0] = "${breakGlassCanonicalArn(role)}") && $.stage = "ResponseComplete" }`,
            description: "The break-glass role used the cluster's API. Query: control-plane/break-glass.",
        });
    }
    return filters;
}

/** The namespace of the audit metrics; a dimension-free metric per filter and cluster. */
export function auditMetricNamespace(clusterName: string): string {
    return `SignalTrading/ControlPlane/${clusterName}`;
}
