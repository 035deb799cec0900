import { PolicyRule, RBAC_GROUP, rbacRulesOf } from "../lib/access";
import { isKind } from "../lib/kubernetes";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

interface Config {
    allowedSubjects: string[];
}

/** How config and messages name a binding's subject: `ServiceAccount:<namespace>/<name>`, `User:<name>`, `Group:<name>`. */
function subjectId(subject: Record<string, any>): string {
    return subject.kind === "ServiceAccount" ? `ServiceAccount:${subject.namespace ?? "?"}/${subject.name ?? "?"}` : `${subject.kind ?? "?"}:${subject.name ?? "?"}`;
}

/** What a rule grants through wildcards, each named with what it covers. */
function wildcardsOf(rule: PolicyRule): string[] {
    return [
        ...rule.apiGroups.filter((g) => g === "*").map(() => "\"*\" in apiGroups (every API group)"),
        // `*/<subresource>` is that subresource of every resource, the only partial wildcard RBAC knows.
        ...rule.resources.filter((r) => r === "*" || r.startsWith("*/"))
            .map((r) => (r === "*" ? "\"*\" in resources (every resource)" : `${JSON.stringify(r)} in resources (the ${r.slice(2)} subresource of every resource)`)),
        ...rule.verbs.filter((v) => v === "*").map(() => "\"*\" in verbs (every verb)"),
    ];
}

/**
 * cluster-admin is every permission on every object, the Secrets of every namespace
 * included; a wildcard grants what exists now and whatever API a later add-on installs.
 * Both turn one compromised pod or credential into the whole cluster.
 */
export const kubernetesRbacDisallowAdminAndWildcards: PackResourcePolicy = {
    name: "kubernetes-rbac-disallow-admin-and-wildcards",
    description: "RoleBindings and ClusterRoleBindings must not bind the ClusterRole cluster-admin to a subject that is not allowed, and Role and ClusterRole rules must not use \"*\" (or \"*/<subresource>\") in apiGroups, resources or verbs.",
    rationale: "cluster-admin and wildcards turn one compromised pod or credential into the whole cluster, including APIs that later add-ons install.",
    severity: "critical",
    enforcementLevel: "mandatory",
    tags: ["security", "rbac", "kubernetes", "source:CIS EKS 4.1.1", "source:CIS EKS 4.1.3", "source:CKV_K8S_49"],
    remediationSteps: "Bind a Role (or ClusterRole) that lists the API groups, resources and verbs the subject needs instead of cluster-admin, and replace every \"*\" in a rule with the exact apiGroups, resources and verbs; human administrators get cluster access through EKS access entries, not bindings. A subject that truly needs cluster-admin is listed in allowedSubjects in the policy config after review.",
    configSchema: {
        properties: {
            allowedSubjects: {
                type: "array",
                items: { type: "string", pattern: "^(ServiceAccount:[^/]+/[^/]+|User:.+|Group:.+)$" },
                default: [],
                description: "Subjects that may be bound to cluster-admin, as \"ServiceAccount:<namespace>/<name>\", \"User:<name>\" or \"Group:<name>\".",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (isKind(args.type, RBAC_GROUP, "RoleBinding") || isKind(args.type, RBAC_GROUP, "ClusterRoleBinding")) {
            const roleRef = args.props.roleRef ?? {};
            if (roleRef.kind !== "ClusterRole" || roleRef.name !== "cluster-admin") return;
            const { allowedSubjects } = args.getConfig<Config>();
            const subjects: unknown[] = Array.isArray(args.props.subjects) ? args.props.subjects : [];
            for (const subject of subjects) {
                if (subject === null || typeof subject !== "object") continue;
                const id = subjectId(subject);
                if (!allowedSubjects.includes(id)) reportViolation(`${describe(args)} binds ClusterRole cluster-admin to ${id}, which is not in allowedSubjects.`);
            }
            return;
        }
        for (const { index, rule } of rbacRulesOf(args.type, args.props) ?? []) {
            const wildcards = wildcardsOf(rule);
            if (wildcards.length > 0) reportViolation(`${describe(args)} uses wildcards in rules[${index}]: ${wildcards.join(", ")}.`);
        }
    },
};
