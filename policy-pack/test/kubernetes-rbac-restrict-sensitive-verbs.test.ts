import { strict as assert } from "node:assert";
import { evaluatePolicies } from "../../tools/policy/engine";
import { kubernetesRbacRestrictSensitiveVerbs as policy } from "../kubernetes/kubernetes-rbac-restrict-sensitive-verbs";
import { resource, violations } from "./fixtures";
import { CLUSTER_ROLE, NAMESPACE_NAME, ROLE } from "./fixtures-workloads";

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };

/** The gateway's Role (read its own ConfigMap) with `extra` rules after it. */
function role(extra: Rule[] = [], type = ROLE) {
    return resource(type, "gateway-role", {
        inputs: {
            metadata: { name: "gateway", ...(type === ROLE ? { namespace: NAMESPACE_NAME } : {}) },
            rules: [{ apiGroups: [""], resources: ["configmaps"], resourceNames: ["gateway-settings"], verbs: ["get", "watch"] }, ...extra],
        },
    });
}

const messagesOf = (rules: Rule[], config: Record<string, unknown> = {}) => violations(policy, [role(rules)], config, "advisory").map((v) => v.message);

describe("kubernetes-rbac-restrict-sensitive-verbs", () => {
    it("passes a Role without sensitive permissions", () => {
        assert.deepEqual(violations(policy, [role()], {}, "advisory"), []);
    });

    it("reports reading Secrets, at the advisory level by default", () => {
        const r = role([{ apiGroups: [""], resources: ["secrets"], verbs: ["list"] }]);
        // No config entry: the policy's own level applies.
        const found = evaluatePolicies([policy], "mandatory", {}, [r]).violations;
        assert.deepEqual(found.map((v) => [v.urn, v.enforcementLevel]), [[r.urn, "advisory"]]);
        assert.match(found[0].message, /gateway-role \(kubernetes:rbac\.authorization\.k8s\.io\/v1:Role\) can read Secrets \(get, list or watch secrets\) through rules\[1\]: it reads every credential in its scope\.$/);
    });

    it("reports reading one named Secret too, for a person to confirm", () => {
        assert.equal(messagesOf([{ apiGroups: [""], resources: ["secrets"], resourceNames: ["gateway-jwt"], verbs: ["get"] }]).length, 1);
    });

    it("passes writing Secrets without reading them, and Secrets of another API group", () => {
        assert.deepEqual(messagesOf([{ apiGroups: [""], resources: ["secrets"], verbs: ["create", "update"] }]), []);
        assert.deepEqual(messagesOf([{ apiGroups: ["external-secrets.io"], resources: ["secrets"], verbs: ["get"] }]), []);
    });

    it("reports exec and attach, by create or (over WebSockets) get", () => {
        assert.match(messagesOf([{ apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] }])[0], /can exec or attach into pods \(create or get on pods\/exec, pods\/attach\) through rules\[1\]: it runs commands in other workloads with their identity\.$/);
        assert.equal(messagesOf([{ apiGroups: [""], resources: ["pods/attach"], verbs: ["get"] }]).length, 1);
        assert.deepEqual(messagesOf([{ apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "create"] }]), []);
    });

    it("reports bind, escalate and impersonate", () => {
        assert.match(messagesOf([{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["bind"] }])[0], /can bind roles \(bind on roles, clusterroles\) through rules\[1\]: it grants roles whose permissions it does not hold\.$/);
        assert.match(messagesOf([{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles"], verbs: ["escalate"] }])[0], /can escalate roles \(escalate on roles, clusterroles\) through rules\[1\]: it edits roles to grant permissions it does not hold\.$/);
        assert.match(messagesOf([{ apiGroups: [""], resources: ["serviceaccounts"], verbs: ["impersonate"] }])[0], /can impersonate users, groups or service accounts through rules\[1\]: it acts with the rights of anyone it names\.$/);
        assert.equal(messagesOf([{ apiGroups: ["authentication.k8s.io"], resources: ["userextras/scopes"], verbs: ["impersonate"] }]).length, 1);
    });

    it("reports control over admission webhook configurations", () => {
        assert.match(messagesOf([{ apiGroups: ["admissionregistration.k8s.io"], resources: ["validatingwebhookconfigurations"], verbs: ["patch"] }])[0], /can change admission webhook configurations through rules\[1\]/);
        assert.deepEqual(messagesOf([{ apiGroups: ["admissionregistration.k8s.io"], resources: ["validatingwebhookconfigurations"], verbs: ["get", "list"] }]), []);
    });

    it("reports approving CSRs only when a role holds both the approval update and the signer's approve", () => {
        const approval: Rule = { apiGroups: ["certificates.k8s.io"], resources: ["certificatesigningrequests/approval"], verbs: ["update"] };
        const signer: Rule = { apiGroups: ["certificates.k8s.io"], resources: ["signers"], resourceNames: ["kubernetes.io/kubelet-serving"], verbs: ["approve"] };
        assert.deepEqual(messagesOf([approval]), []);
        assert.deepEqual(messagesOf([signer]), []);
        assert.match(messagesOf([approval, signer])[0], /can approve certificate signing requests through rules\[1\], rules\[2\]: it issues client certificates for any user or group\.$/);
    });

    it("counts wildcards as granting what they cover", () => {
        const everything = messagesOf([{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]);
        assert.deepEqual(everything.map((m) => /can (.+?) through/.exec(m)?.[1]), [
            "read Secrets (get, list or watch secrets)",
            "exec or attach into pods (create or get on pods/exec, pods/attach)",
            "bind roles (bind on roles, clusterroles)",
            "escalate roles (escalate on roles, clusterroles)",
            "impersonate users, groups or service accounts",
            "change admission webhook configurations",
            "approve certificate signing requests",
        ]);
        assert.equal(messagesOf([{ apiGroups: [""], resources: ["*/exec"], verbs: ["create"] }]).length, 1);
        assert.equal(messagesOf([{ apiGroups: [""], resources: ["secrets"], verbs: ["*"] }]).length, 1);
    });

    it("judges ClusterRoles, and skips the roles the config allows: ClusterRoles by name, Roles by namespace/name", () => {
        const secretsReader: Rule = { apiGroups: [""], resources: ["secrets"], verbs: ["watch"] };
        const cluster = role([secretsReader], CLUSTER_ROLE);
        assert.match(violations(policy, [cluster], {}, "advisory")[0].message, /gateway-role \(kubernetes:rbac\.authorization\.k8s\.io\/v1:ClusterRole\) can read Secrets/);
        assert.deepEqual(violations(policy, [cluster], { allowedRoles: ["gateway"] }, "advisory"), []);
        assert.deepEqual(messagesOf([secretsReader], { allowedRoles: ["signal-trading/gateway"] }), []);
        assert.equal(messagesOf([secretsReader], { allowedRoles: ["gateway"] }).length, 1);
    });

    it("ignores objects that are not Roles or ClusterRoles", () => {
        const binding = resource("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "b", { inputs: { metadata: { name: "b", namespace: NAMESPACE_NAME }, roleRef: { kind: "ClusterRole", name: "admin" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] } });
        assert.deepEqual(violations(policy, [binding], {}, "advisory"), []);
    });
});
