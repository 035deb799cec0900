import { strict as assert } from "node:assert";
import { BOOTSTRAP_PROJECT } from "../tools/offline/run-program";
import { programRunOf, Registrations } from "./harness";

/**
 * The documented first deployment of an environment (docs/operations.md): (1) `pulumi up` of the
 * bootstrap, (2) the release pipeline pushes the images, (3) `pulumi up` of the platform into an
 * account that holds nothing else. Each step may only need what the steps before it left.
 */
describe("first deployment, step by step", () => {
    for (const stack of ["dev", "prod"] as const) {
        describe(`stack ${stack}`, () => {
            let bootstrap: Registrations;
            let platform: Registrations;
            before(async () => {
                bootstrap = await programRunOf(stack, BOOTSTRAP_PROJECT);
                platform = await programRunOf(stack);
            });

            it("step 1 creates exactly the image repositories step 3 pulls from", () => {
                const created = bootstrap.ofType("aws:ecr/repository:Repository").map((r) => bootstrap.inputs(r).name).sort();
                const pulled = platform.invoked("aws:ecr/getImage:getImage").map((i) => i.repositoryName).sort();
                assert.deepEqual(pulled, created);
                assert.equal(created.length, 4);
            });

            it("step 1 creates exactly the pull-through cache rules step 3 looks up before it deploys what pulls through them", () => {
                const created = bootstrap.ofType("aws:ecr/pullThroughCacheRule:PullThroughCacheRule").map((r) => bootstrap.inputs(r).ecrRepositoryPrefix).sort();
                const looked = [...new Set(platform.invoked("aws:ecr/getPullThroughCacheRule:getPullThroughCacheRule").map((i) => i.ecrRepositoryPrefix))].sort();
                assert.deepEqual(looked, created);
                assert.deepEqual(created, ["docker-hub", "ecr-public", "k8s", "quay"]);
            });

            it("step 3 reads from outside the stack only the bootstrap's images and read-only facts of the account and of AWS", () => {
                assert.deepEqual([...new Set(platform.invokes.map((i) => i.token))].sort(), [
                    "aws:ebs/getEbsVolumes:getEbsVolumes", // Redis's deployed volume, for a shrink: none yet
                    "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings", // the node groups' types in every zone
                    "aws:ec2/getVpcs:getVpcs", // deployed subnets that would move: none in a fresh account
                    "aws:ecr/getImage:getImage", // step 2's images
                    "aws:ecr/getPullThroughCacheRule:getPullThroughCacheRule", // step 1's caches
                    "aws:eks/getAddonVersion:getAddonVersion",
                    "aws:eks/getClusters:getClusters", // the live cluster's zones and node group sizes: none yet
                    "aws:index/getAvailabilityZones:getAvailabilityZones",
                    "aws:index/getCallerIdentity:getCallerIdentity",
                    "aws:index/getPartition:getPartition",
                    "aws:index/getRegion:getRegion",
                    "aws:ssm/getParameter:getParameter", // the recommended AMI release
                ]);
            });

            it("step 3 leaves nothing waiting on something later: every parent, provider and dependency is a resource of the same run", () => {
                const registered = new Set(platform.all.map((r) => r.urn));
                for (const r of platform.all) {
                    const needs = [r.parent, r.provider, ...r.dependencies, ...Object.values(r.propertyDependencies).flat()].filter((u): u is string => !!u);
                    for (const urn of needs) assert.ok(registered.has(urn), `${r.name} waits for ${urn}, which this run does not create`);
                }
            });
        });
    }
});
