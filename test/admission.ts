/**
 * Evaluates a ValidatingAdmissionPolicy against one admission request the way the API server
 * does: match the request against matchConstraints (resource rules with subresources and
 * operations, namespace selector), then matchConditions, then the variables in order, then
 * every validation. Expressions run in @bufbuild/cel (standard CEL); an expression error is a
 * refusal, as under failurePolicy Fail. Kubernetes' CEL extension libraries are not used by the
 * policies, so the standard engine evaluates them as the API server would.
 */
import { isCelError, run } from "@bufbuild/cel";
import { AdmissionPolicy } from "../components/admission/policies";

export interface AdmissionRequest {
    operation: "CREATE" | "UPDATE";
    /** API group, resource and optional subresource, e.g. { group: "", resource: "pods", subresource: "ephemeralcontainers" }. */
    resource: { group: string; version?: string; resource: string; subresource?: string };
    namespace: string;
    /** The namespace's labels; kubernetes.io/metadata.name is added, as the API server does. */
    namespaceLabels?: Record<string, string>;
    userInfo: { username: string; groups?: string[] };
    object: Record<string, unknown>;
    oldObject?: Record<string, unknown>;
}

/** Not matched, or matched with the messages of the validations that failed (empty: admitted). */
export type AdmissionDecision = { matched: false } | { matched: true; refusals: string[] };

/** JSON as CEL values: objects become maps, whole numbers ints (as Kubernetes' int64 fields are). */
function toCel(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(toCel);
    if (value === null || value === undefined) return null;
    // An absent field is absent, not null: has() must see it missing.
    if (typeof value === "object") return new Map(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toCel(v)]));
    if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
    return value;
}

type Outcome = { value: unknown } | { error: string };

function evaluateExpression(expression: string, bindings: Record<string, unknown>): Outcome {
    try {
        const value = run(expression, bindings as never);
        return isCelError(value) ? { error: value.message } : { value };
    } catch (e) {
        return { error: (e as Error).message };
    }
}

function selects(selector: NonNullable<AdmissionPolicy["spec"]["matchConstraints"]["namespaceSelector"]>, labels: Record<string, string>): boolean {
    const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
    const byExpressions = (selector.matchExpressions ?? []).every((e) => (e.operator === "In" ? e.values.includes(labels[e.key]) : !(e.key in labels) || !e.values.includes(labels[e.key])));
    return byLabels && byExpressions;
}

function ruleMatches(policy: AdmissionPolicy, request: AdmissionRequest): boolean {
    const resource = request.resource.subresource ? `${request.resource.resource}/${request.resource.subresource}` : request.resource.resource;
    return policy.spec.matchConstraints.resourceRules.some((rule) =>
        rule.apiGroups.includes(request.resource.group) && rule.apiVersions.includes(request.resource.version ?? "v1") &&
        rule.resources.includes(resource) && rule.operations.includes(request.operation));
}

export function admit(policy: AdmissionPolicy, request: AdmissionRequest): AdmissionDecision {
    const labels = { ...request.namespaceLabels, "kubernetes.io/metadata.name": request.namespace };
    const selector = policy.spec.matchConstraints.namespaceSelector;
    if (!ruleMatches(policy, request) || (selector && !selects(selector, labels))) return { matched: false };

    const bindings: Record<string, unknown> = {
        object: toCel(request.object),
        oldObject: toCel(request.oldObject ?? null),
        request: toCel({
            operation: request.operation,
            namespace: request.namespace,
            kind: { kind: request.object.kind },
            userInfo: request.userInfo,
        }),
    };
    const refusals: string[] = [];
    for (const condition of policy.spec.matchConditions ?? []) {
        const outcome = evaluateExpression(condition.expression, bindings);
        if ("error" in outcome) return { matched: true, refusals: [`matchCondition ${condition.name} failed: ${outcome.error}`] };
        if (outcome.value !== true) return { matched: false };
    }
    const variables = new Map<string, unknown>();
    bindings.variables = variables;
    for (const variable of policy.spec.variables ?? []) {
        const outcome = evaluateExpression(variable.expression, bindings);
        if ("error" in outcome) return { matched: true, refusals: [`variable ${variable.name} failed: ${outcome.error}`] };
        variables.set(variable.name, outcome.value);
    }
    for (const validation of policy.spec.validations) {
        const outcome = evaluateExpression(validation.expression, bindings);
        if ("error" in outcome) refusals.push(`error: ${outcome.error} in ${validation.expression}`);
        else if (outcome.value !== true) refusals.push(validation.message);
    }
    return { matched: true, refusals };
}
