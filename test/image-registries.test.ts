/**
 * Where each stack's images come from. The registry allow-list of its policy config names
 * exactly the stack's own ECR registry: the account its config's ARNs are in, and its region (a
 * policy evaluates one pod at a time and cannot see the account, so the config carries it; this
 * keeps the two in step). And in the plan itself, every chart image is set to that registry under
 * a pull-through cache, which the node role may pull through.
 */
import { strict as assert } from "node:assert";
import { rawStackConfig } from "../tools/offline/stack-config";
import { policyConfigPath, readPolicyConfig } from "../tools/plan/plan";
import { pullThroughCachePolicy } from "../components/registry/pull-through-access";
import { CACHE_NAMES } from "../components/shared/images";
import { programRunOf, Registrations } from "./harness";

/** Every account named by an IAM ARN anywhere in a config value. */
function accountsIn(value: unknown): string[] {
    return [...JSON.stringify(value).matchAll(/arn:aws[a-z-]*:iam::(\d{12}):/g)].map((m) => m[1]);
}

describe("the image registry allow-list of each stack", () => {
    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: allows exactly the ECR registry of the stack's account and region`, () => {
            const config = rawStackConfig(stack);
            const accounts = [...new Set(accountsIn({ iam: config.iam, cluster: config.cluster }))];
            assert.equal(accounts.length, 1, `the stack's ARNs name one account: ${accounts.join(", ")}`);
            const policyConfig = readPolicyConfig(policyConfigPath(stack));
            const expected = [{ accountId: accounts[0], region: config.aws.region }];
            assert.deepEqual(policyConfig["kubernetes-pod-restrict-image-registries"], { ecrRegistries: expected });
            const charts = policyConfig["kubernetes-helm-restrict-chart-images"] as { ecrRegistries?: unknown; allowedRegistries?: unknown; tagPinnedCaches?: string[] };
            assert.deepEqual(charts.ecrRegistries, expected);
            assert.equal(charts.allowedRegistries, undefined);
        });
        it(`${stack}: accepts a tag without a digest only under the prefixes of the pull-through caches`, () => {
            const charts = readPolicyConfig(policyConfigPath(stack))["kubernetes-helm-restrict-chart-images"] as { tagPinnedCaches?: string[] };
            for (const prefix of charts.tagPinnedCaches ?? []) assert.ok((CACHE_NAMES as string[]).includes(prefix), `${prefix} is no cache of components/shared/images.ts`);
        });
    }
});

/** Every image reference in chart values: `image` strings, and `repository` (with `registry` where the chart keeps them apart). */
function imagesIn(values: unknown, path = ""): { path: string; image: string }[] {
    if (Array.isArray(values)) return values.flatMap((v, i) => imagesIn(v, `${path}[${i}]`));
    if (typeof values !== "object" || values === null) return [];
    const record = values as Record<string, unknown>;
    const own = typeof record.repository === "string" && typeof record.tag === "string"
        ? [{ path, image: `${typeof record.registry === "string" ? `${record.registry}/` : ""}${record.repository}:${record.tag}` }] : [];
    return [...own, ...Object.entries(record).flatMap(([key, value]) =>
        key === "image" && typeof value === "string" ? [{ path: `${path}.${key}`, image: value }] : imagesIn(value, `${path}.${key}`))];
}

describe("the images of each stack's plan", () => {
    for (const stack of ["dev", "prod"] as const) {
        describe(stack, () => {
            let r: Registrations;
            before(async () => {
                r = await programRunOf(stack);
            });
            const host = () => `123456789012.dkr.ecr.${rawStackConfig(stack).aws.region}.amazonaws.com/`;

            it("sets every chart image through the chart's values to the stack's ECR registry, under a pull-through cache's prefix", () => {
                const releases = r.ofType("kubernetes:helm.sh/v3:Release").filter((release) => r.inputs(release).chart !== "prometheus-operator-crds");
                assert.ok(releases.length >= 7, releases.map((x) => x.name).join(", "));
                for (const release of releases) {
                    const images = imagesIn(r.inputs(release).values);
                    assert.ok(images.length > 0, `${release.name} sets no image`);
                    for (const { path, image } of images) {
                        assert.ok(image.startsWith(host()), `${release.name}${path}: ${image}`);
                        assert.ok(CACHE_NAMES.some((cache) => image.startsWith(`${host()}${cache}/`)), `${release.name}${path}: ${image} is under no cache`);
                    }
                }
            });

            it("lets the node role pull through the caches, by an inline policy on its name", () => {
                const nodeRole = r.one("aws:iam/role:Role", `signal-trading-${stack}-node-role`);
                const policy = r.one("aws:iam/rolePolicy:RolePolicy", `signal-trading-${stack}-nodes-pull-through-cache`);
                assert.equal(r.inputs(policy).role, r.outputs(nodeRole).name);
                assert.deepEqual(JSON.parse(r.inputs(policy).policy), pullThroughCachePolicy({ partition: "aws", region: rawStackConfig(stack).aws.region, accountId: "123456789012" }));
            });
        });
    }
});
