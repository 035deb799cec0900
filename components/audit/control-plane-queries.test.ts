import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { matchesFilterPattern } from "../../test/metric-filter";
import { auditMetricNamespace, renderAuditMetricFilters, renderControlPlaneQueries } from "./control-plane-queries";

const BREAK_GLASS = "arn:aws:iam::123456789012:role/delivery/signal-trading-delivery-prod-break-glass";

/** An audit.k8s.io/v1 Event as EKS writes it to the control-plane log group (Metadata level). */
function auditEvent(overrides: {
    verb: string; resource: string; subresource?: string; apiGroup?: string; namespace?: string; name?: string;
    stage?: string; code?: number; message?: string; username?: string; iamArn?: string; annotations?: Record<string, string>;
}): string {
    const username = overrides.username ?? "arn:aws:sts::123456789012:assumed-role/platform-admin/alice";
    const iamArn = overrides.iamArn ?? (username.startsWith("arn:") ? username : undefined);
    return JSON.stringify({
        kind: "Event", apiVersion: "audit.k8s.io/v1", level: "Metadata", auditID: "5c1a8b84-9a0b-4bd0-8c41-0f3f2b3b6f11",
        stage: overrides.stage ?? "ResponseComplete",
        requestURI: `/api/v1/namespaces/${overrides.namespace ?? "signal-trading"}/${overrides.resource}/${overrides.name ?? "x"}${overrides.subresource ? `/${overrides.subresource}` : ""}`,
        verb: overrides.verb,
        user: {
            username,
            uid: "aws-iam-authenticator:123456789012:AROAEXAMPLEID",
            groups: ["system:authenticated"],
            ...(iamArn ? { extra: { accessKeyId: ["ASIAEXAMPLE"], arn: [iamArn], canonicalArn: [iamArn.replace(/^arn:aws:sts::(\d+):assumed-role\/([^/]+)\/.*$/, "arn:aws:iam::$1:role/$2")], sessionName: ["alice"] } } : {}),
        },
        sourceIPs: ["10.0.12.7"], userAgent: "kubectl/v1.35.0 (linux/amd64) kubernetes/abcdef",
        objectRef: {
            resource: overrides.resource, namespace: overrides.namespace ?? "signal-trading", name: overrides.name ?? "x", apiVersion: "v1",
            ...(overrides.apiGroup ? { apiGroup: overrides.apiGroup } : {}), ...(overrides.subresource ? { subresource: overrides.subresource } : {}),
        },
        responseStatus: { metadata: {}, code: overrides.code ?? 200, ...(overrides.message ? { status: "Failure", message: overrides.message, reason: "Forbidden" } : {}) },
        requestReceivedTimestamp: "2026-12-05T13:00:00.000000Z", stageTimestamp: "2026-12-05T13:00:00.020000Z",
        annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "", ...overrides.annotations },
    });
}

const DEPLOY = "arn:aws:iam::123456789012:role/delivery/signal-trading-delivery-prod-deploy";
const filters = renderAuditMetricFilters({ breakGlassRoleArn: BREAK_GLASS, deployRoleArn: DEPLOY });
const pattern = (key: string) => filters.find((f) => f.key === key)!.pattern;
const matches = (key: string, event: string) => matchesFilterPattern(pattern(key), event);

const VAP_MESSAGE = "pods \"x\" is forbidden: ValidatingAdmissionPolicy 'signal-trading-privileged-pods' with binding 'signal-trading-privileged-pods' denied request: hostPath volumes are not allowed here";

describe("control-plane audit queries and filters", () => {
    describe("the offline filter-pattern evaluator (CloudWatch's documented examples)", () => {
        const event = JSON.stringify({ eventType: "UpdateTrail", sourceIPAddress: "123.123.1.1", user: { id: 2 }, users: [{ email: "John.Doe@example.com" }], actions: ["GET", "PUT", "DELETE"] });
        it("reads equality, wildcards, numbers, arrays, regex and compound expressions", () => {
            assert.ok(matchesFilterPattern('{ $.eventType = "UpdateTrail" }', event));
            assert.ok(!matchesFilterPattern('{ $.eventType = "Update" }', event));
            assert.ok(matchesFilterPattern('{ $.eventType = "Update*" }', event));
            assert.ok(!matchesFilterPattern('{ $.sourceIPAddress != "123.123.*" }', event));
            assert.ok(matchesFilterPattern("{ $.user.id >= 2 && $.user.id < 3 }", event));
            assert.ok(matchesFilterPattern('{ ($.user.id = 1 && $.users[0].email = "nonmatch") || $.actions[2] = "DELETE" }', event));
            assert.ok(!matchesFilterPattern('{ $.user.id = 1 && ($.users[0].email = "nonmatch" || $.actions[2] = "DELETE") }', event));
            assert.ok(matchesFilterPattern("{ $.users[0].email = %Doe@example% }", event));
            assert.ok(!matchesFilterPattern('{ $.missing != "x" }', event), "a missing selector never matches");
            assert.throws(() => matchesFilterPattern('{ $.eventType == "UpdateTrail" }', event), /expected a value/);
            assert.throws(() => matchesFilterPattern('$.eventType = "UpdateTrail"', event), /not a JSON filter pattern/);
        });
    });

    describe("metric filters on audit events", () => {
        it("count a shell, attach or port-forward session when it opens, whatever the verb of its transport", () => {
            for (const subresource of ["exec", "attach", "portforward"]) {
                for (const verb of ["create", "get"]) assert.ok(matches("pod-sessions", auditEvent({ verb, resource: "pods", subresource, stage: "ResponseStarted", code: 101 })), `${verb} ${subresource}`);
                assert.ok(!matches("pod-sessions", auditEvent({ verb: "create", resource: "pods", subresource, stage: "ResponseComplete" })), `${subresource} counted twice`);
            }
        });
        it("count a debug container added to a pod, not reading them", () => {
            assert.ok(matches("pod-sessions", auditEvent({ verb: "patch", resource: "pods", subresource: "ephemeralcontainers" })));
            assert.ok(!matches("pod-sessions", auditEvent({ verb: "get", resource: "pods", subresource: "ephemeralcontainers" })));
            assert.ok(!matches("pod-sessions", auditEvent({ verb: "get", resource: "pods", subresource: "log" })));
        });
        it("count a person's change of a Secret, not a read and not a Kubernetes component's change", () => {
            for (const verb of ["create", "update", "patch", "delete", "deletecollection"]) assert.ok(matches("secret-changes", auditEvent({ verb, resource: "secrets" })), verb);
            assert.ok(!matches("secret-changes", auditEvent({ verb: "get", resource: "secrets" })));
            assert.ok(!matches("secret-changes", auditEvent({ verb: "update", resource: "secrets", username: "system:serviceaccount:cert-manager:cert-manager" })));
            assert.ok(!matches("secret-changes", auditEvent({ verb: "update", resource: "configmaps" })));
        });
        it("leave out the deploy pipeline's Secret and RBAC writes (by its sessions), and count them when no deploy role is known", () => {
            const deploy = "arn:aws:sts::123456789012:assumed-role/signal-trading-delivery-prod-deploy/github-actions-42";
            const secretWrite = auditEvent({ verb: "update", resource: "secrets", username: deploy });
            const roleWrite = auditEvent({ verb: "patch", resource: "rolebindings", apiGroup: "rbac.authorization.k8s.io", username: deploy });
            assert.ok(!matches("secret-changes", secretWrite));
            assert.ok(!matches("rbac-changes", roleWrite));
            const withoutDeployRole = renderAuditMetricFilters({});
            assert.ok(matchesFilterPattern(withoutDeployRole.find((f) => f.key === "secret-changes")!.pattern, secretWrite));
            assert.ok(matchesFilterPattern(withoutDeployRole.find((f) => f.key === "rbac-changes")!.pattern, roleWrite));
            // Another role whose name starts like the deploy role's is not the pipeline.
            assert.ok(matches("secret-changes", auditEvent({ verb: "update", resource: "secrets", username: "arn:aws:sts::123456789012:assumed-role/signal-trading-delivery-prod-deploy-x/s" })));
        });
        it("count changes of the four RBAC kinds by people", () => {
            for (const resource of ["roles", "rolebindings", "clusterroles", "clusterrolebindings"]) {
                assert.ok(matches("rbac-changes", auditEvent({ verb: "create", resource, apiGroup: "rbac.authorization.k8s.io" })), resource);
            }
            assert.ok(!matches("rbac-changes", auditEvent({ verb: "list", resource: "roles", apiGroup: "rbac.authorization.k8s.io" })));
            assert.ok(!matches("rbac-changes", auditEvent({ verb: "update", resource: "clusterroles", apiGroup: "rbac.authorization.k8s.io", username: "system:kube-controller-manager" })));
        });
        it("count requests without valid credentials", () => {
            assert.ok(matches("unauthenticated", auditEvent({ verb: "list", resource: "pods", code: 401, username: "system:anonymous" })));
            assert.ok(!matches("unauthenticated", auditEvent({ verb: "list", resource: "pods", code: 403 })));
        });
        it("count refusals by a ValidatingAdmissionPolicy, not an RBAC refusal", () => {
            assert.ok(matches("admission-refusals", auditEvent({ verb: "create", resource: "pods", code: 403, message: VAP_MESSAGE })));
            assert.ok(!matches("admission-refusals", auditEvent({
                verb: "create", resource: "pods", code: 403, message: "pods is forbidden: User \"bob\" cannot create resource \"pods\"", annotations: { "authorization.k8s.io/decision": "forbid" },
            })));
        });
        it("count every request of the break-glass role's sessions, by its session ARN or its canonical ARN (without the role's path)", () => {
            assert.ok(matches("break-glass", auditEvent({ verb: "get", resource: "secrets", username: "arn:aws:sts::123456789012:assumed-role/signal-trading-delivery-prod-break-glass/incident-42" })));
            assert.ok(matches("break-glass", auditEvent({
                verb: "get", resource: "secrets", username: "break-glass-admin", iamArn: "arn:aws:sts::123456789012:assumed-role/signal-trading-delivery-prod-break-glass/incident-42",
            })));
            assert.ok(!matches("break-glass", auditEvent({ verb: "get", resource: "secrets" })));
            assert.ok(!matches("break-glass", auditEvent({ verb: "get", resource: "secrets", username: "arn:aws:sts::123456789012:assumed-role/signal-trading-delivery-prod-break-glass-2/x" })));
        });
        it("match no line of the other control-plane streams (plain text)", () => {
            for (const f of filters) assert.ok(!matchesFilterPattern(f.pattern, "I1205 13:00:00.000000      11 controller.go:615] quota admission added evaluator for: leases"), f.key);
        });
        it("stay within CloudWatch's limits: patterns of at most 1024 characters, thresholds of at least one event", () => {
            for (const f of filters) {
                assert.ok(f.pattern.length <= 1024, `${f.key}: ${f.pattern.length}`);
                assert.ok(f.threshold >= 1);
                assert.match(f.metricName, /^[A-Za-z]+$/);
            }
        });
        it("leave out the break-glass alarm when no break-glass role is configured", () => {
            assert.deepEqual(renderAuditMetricFilters({}).map((f) => f.key), ["pod-sessions", "secret-changes", "rbac-changes", "unauthenticated", "admission-refusals"]);
            assert.equal(auditMetricNamespace("signal-trading-prod"), "SignalTrading/ControlPlane/signal-trading-prod");
        });
    });

    describe("saved queries", () => {
        const queries = renderControlPlaneQueries({ folder: "signal-trading-prod", breakGlassRoleArn: BREAK_GLASS });
        const text = (key: string) => queries.find((q) => q.key === key)!.queryString;

        it("are named in the environment's folder, one per question", () => {
            assert.deepEqual(queries.map((q) => q.name), [
                "signal-trading-prod/control-plane/pod-sessions", "signal-trading-prod/control-plane/secret-changes", "signal-trading-prod/control-plane/rbac-changes",
                "signal-trading-prod/control-plane/failed-authentication", "signal-trading-prod/control-plane/admission-refusals", "signal-trading-prod/control-plane/break-glass",
            ]);
            assert.deepEqual(renderControlPlaneQueries({ folder: "signal-trading-dev" }).map((q) => q.key).includes("break-glass"), false);
        });
        it("read only the audit streams and show who, from where and with what", () => {
            for (const q of queries) {
                assert.ok(q.queryString.includes("| filter @logStream like /^kube-apiserver-audit/\n"), q.key);
                assert.ok(q.queryString.includes("user.username, `user.extra.arn.0` as iamArn, `sourceIPs.0` as sourceIp, userAgent"), q.key);
            }
        });
        it("ask exactly the incident's questions", () => {
            assert.equal(text("pod-sessions"), [
                "fields @timestamp, user.username, `user.extra.arn.0` as iamArn, `sourceIPs.0` as sourceIp, userAgent, objectRef.namespace, objectRef.name, objectRef.subresource, verb, stage, responseStatus.code",
                "filter @logStream like /^kube-apiserver-audit/",
                "filter objectRef.resource = \"pods\" and (objectRef.subresource in [\"exec\", \"attach\", \"portforward\"] or (objectRef.subresource = \"ephemeralcontainers\" and verb != \"get\"))",
                "filter stage != \"RequestReceived\"",
                "sort @timestamp desc",
            ].join("\n| "));
            assert.match(text("secret-changes"), /\| filter objectRef\.resource = "secrets" and verb in \["create", "update", "patch", "delete", "deletecollection"\] and stage = "ResponseComplete"\n/);
            assert.match(text("rbac-changes"), /objectRef\.apiGroup = "rbac\.authorization\.k8s\.io" and objectRef\.resource in \["roles", "rolebindings", "clusterroles", "clusterrolebindings"\]/);
            assert.match(text("failed-authentication"), /filter responseStatus\.code = 401 or \(responseStatus\.code = 403 and `annotations\.authorization\.k8s\.io\/decision` = "forbid"\)/);
            assert.match(text("failed-authentication"), /stats count\(\*\) as refusals, .* by user\.username, iamArn, sourceIp, responseStatus\.code\n\| sort refusals desc$/);
            assert.match(text("admission-refusals"), /\| parse responseStatus\.message "ValidatingAdmissionPolicy '\*' with binding" as policy\n/);
            assert.match(text("break-glass"),
                /filter user\.username like "assumed-role\/signal-trading-delivery-prod-break-glass\/" or `user\.extra\.canonicalArn\.0` = "arn:aws:iam::123456789012:role\/signal-trading-delivery-prod-break-glass"/);
        });
        it("name the policy of a refusal as the API server words it", () => {
            // Logs Insights' glob parse: the text around `*` is literal, `*` captures the shortest run.
            const glob = /\| parse responseStatus\.message "(.*)" as policy/.exec(text("admission-refusals"))![1];
            const parse = new RegExp(glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("(.*?)"));
            assert.equal(parse.exec(VAP_MESSAGE)?.[1], "signal-trading-privileged-pods");
        });
    });

    describe("docs/observability.md", () => {
        const doc = fs.readFileSync(path.join(__dirname, "../../docs/observability.md"), "utf8");
        const rows = (heading: string) => {
            const section = doc.slice(doc.indexOf(heading));
            return [...section.slice(0, section.indexOf("\n\n", section.indexOf("|---"))).matchAll(/^\| `([a-z-]+)` \|(.*)$/gm)].map((m) => ({ key: m[1], cells: m[2].split("|").map((c) => c.trim()) }));
        };

        it("lists exactly the saved queries", () => {
            assert.deepEqual(rows("| Saved query |").map((r) => r.key), renderControlPlaneQueries({ folder: "f", breakGlassRoleArn: BREAK_GLASS }).map((q) => q.key));
        });
        it("lists exactly the alarms, with their thresholds", () => {
            assert.deepEqual(rows("| Alarm |").map((r) => [r.key, Number(r.cells[1])]), filters.map((f) => [f.key, f.threshold]));
        });
    });
});
