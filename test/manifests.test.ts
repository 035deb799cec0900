/**
 * Every Kubernetes object the program renders, in both stacks, validated offline: built-in
 * kinds (the admission policies and their bindings among them), cert-manager's, the Prometheus operator's (ServiceMonitor) and the VPA's against the
 * kubernetes-models schemas and their CRD packages, Velero's against the CRD
 * schemas of the pinned chart (test/schemas), where a field the API server would prune (an
 * unknown field) is an error too. A kind with no schema fails the test: add one.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { isKubernetesObject } from "../tools/plan/plan";
import { decodeWire, revealSecrets } from "../tools/offline/wire";
import { programRunOf } from "./harness";

interface KubernetesObject {
    apiVersion: string;
    kind: string;
    metadata?: { name?: string; namespace?: string };
}

type Validate = (object: KubernetesObject) => void;

/** The module of a kind in kubernetes-models or one of its CRD packages. */
function modelModule(apiVersion: string, kind: string): string | undefined {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    if (group === "cert-manager.io" || group === "acme.cert-manager.io") return `@kubernetes-models/cert-manager/${group}/${version}/${kind}`;
    if (group === "monitoring.coreos.com") return `@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`;
    // The VPA's group ends in .k8s.io but is a CRD: its model lives in the autoscaler package.
    if (group === "autoscaling.k8s.io") return `@kubernetes-models/autoscaler/${group}/${version}/${kind}`;
    if (group === "" || group.endsWith(".k8s.io") || ["apps", "batch", "autoscaling", "policy"].includes(group)) {
        return `kubernetes-models/${group === "" ? "" : `${group}/`}${version}/${kind}`;
    }
    return undefined;
}

/** A CRD's structural schema made strict: objects with declared properties take no others. */
function strictSchema(schema: any): any {
    if (Array.isArray(schema)) return schema.map(strictSchema);
    if (schema === null || typeof schema !== "object") return schema;
    const copy = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, strictSchema(v)]));
    if (copy.type === "object" && copy.properties && !copy["x-kubernetes-preserve-unknown-fields"] && copy.additionalProperties === undefined) {
        copy.additionalProperties = false;
    }
    return copy;
}

// Formats (date-time of status fields) are the API server's business; structure and fields are ours.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

async function validatorFor(apiVersion: string, kind: string): Promise<Validate> {
    const module = modelModule(apiVersion, kind);
    if (module) {
        const exports = await import(module);
        const Model = exports[kind];
        return (object) => new Model(object).validate();
    }
    const schemaFile = path.join(__dirname, "schemas", apiVersion, `${kind}.json`);
    if (fs.existsSync(schemaFile)) {
        const { properties, ...rest } = JSON.parse(fs.readFileSync(schemaFile, "utf8"));
        // apiVersion, kind and metadata are the API server's; the CRD's schema judges the rest.
        const check = ajv.compile(strictSchema({ ...rest, properties: { ...properties, metadata: { type: "object" } } }));
        return (object) => {
            if (!check(object)) throw new Error(ajv.errorsText(check.errors));
        };
    }
    throw new Error(`no schema for ${apiVersion} ${kind}: add its kubernetes-models package or its CRD schema under test/schemas`);
}

describe("rendered Kubernetes objects", () => {
    for (const stack of ["dev", "prod"] as const) {
        it(`all validate against their schemas in ${stack}`, async () => {
            const r = await programRunOf(stack);
            const objects = r.all.filter((x) => isKubernetesObject(x.type)).map((x) => decodeWire(x.inputs, revealSecrets) as KubernetesObject);
            assert.ok(objects.length > 30, `only ${objects.length} objects rendered`);
            const validators = new Map<string, Validate>();
            const problems: string[] = [];
            for (const object of objects) {
                const key = `${object.apiVersion} ${object.kind}`;
                if (!validators.has(key)) validators.set(key, await validatorFor(object.apiVersion, object.kind));
                try {
                    validators.get(key)!(object);
                } catch (error) {
                    problems.push(`${key} ${object.metadata?.namespace ?? ""}/${object.metadata?.name}: ${(error as Error).message}`);
                }
            }
            assert.deepEqual(problems, []);
            const kinds = new Set(objects.map((o) => o.kind));
            for (const kind of ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"]) assert.ok(kinds.has(kind), `no ${kind} rendered`);
        });
    }

    it("catch a field the Velero CRD does not have", async () => {
        const validate = await validatorFor("velero.io/v1", "Schedule");
        assert.throws(() => validate({ apiVersion: "velero.io/v1", kind: "Schedule", spec: { schedule: "0 2 * * *", template: { ttl: "720h0m0s", snapshotVolume: true } } } as KubernetesObject),
            /must NOT have additional properties/);
    });

    it("catch a wrong enum value and a wrong type in an admission policy and its binding", async () => {
        const policy = await validatorFor("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy");
        assert.throws(() => policy({ apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicy", metadata: { name: "x" }, spec: { failurePolicy: "Deny", validations: [{ expression: "true" }] } } as KubernetesObject));
        const binding = await validatorFor("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding");
        assert.throws(() => binding({ apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicyBinding", metadata: { name: "x" }, spec: { policyName: "x", validationActions: "Deny" } } as KubernetesObject));
    });

    it("catch a wrong type in a built-in kind", async () => {
        const validate = await validatorFor("networking.k8s.io/v1", "NetworkPolicy");
        assert.throws(() => validate({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "x" }, spec: { podSelector: {}, policyTypes: "Ingress" } } as KubernetesObject));
    });
});
