/**
 * Test helpers: run the whole program for a stack config, or build components alone, under
 * the offline mocks; then query what was registered.
 *
 * The committed stacks' runs are shared: `programRunOf("prod")` (and `programRunOf("dev",
 * BOOTSTRAP_PROJECT)`) runs the program under its committed stack file once per test process
 * and hands every caller the same Registrations, and `policyReportOf("prod")` evaluates the pack
 * on that run once under the stack's policy config. An assertion about what a committed stack
 * deploys belongs on these, in a plain `it` (no `before` of its own):
 *
 *     it("keeps the alert rules in the monitoring namespace", async () => {
 *         const r = await programRunOf("prod");
 *         ...
 *     });
 *
 * Under `npm test` every run of an unchanged config over an empty account is shared too
 * (`shareProgramRuns()`, turned on by test/setup.ts), including the plan CLI's runs; a run's
 * resources and invokes are frozen, so a test that wants to change them takes a copy
 * (`structuredClone`). A test of another config (`withConfig`) or of an account that already
 * holds resources runs its own program with `runStack`; each such run costs about a second.
 *
 * Programs and components run with the SDK's engine-only work skipped (`withOfflineSdk`: no stack
 * frames for its promises and registrations, no protobuf Structs to the mock monitor); an error
 * thrown while they register resources has its message only: run with OFFLINE_STACK_TRACES=1 for its frames.
 */
import * as pulumi from "@pulumi/pulumi";
import { decodeConfigValue } from "../stacks/config/load";
import { DeployedResource, OfflineMocks, RecordedInvoke } from "../tools/offline/mocks";
import { recordRegistrations, RecordedResource } from "../tools/offline/recorder";
import { withOfflineSdk } from "../tools/offline/offline-sdk";
import { BOOTSTRAP_PROJECT, OfflineProject, PLATFORM_PROJECT, PROJECT_NAME, projectStackFile, runProgram, RunOptions } from "../tools/offline/run-program";
import { readStackFile, StackFileConfig } from "../tools/offline/stack-file";
import { decodeWire, maskSecrets, revealSecrets } from "../tools/offline/wire";
import { policyConfigPath, readPolicyConfig, stackFilePath, toResourceUnderTest } from "../tools/plan/plan";
import { evaluatePolicies, PolicyReport } from "../tools/policy/engine";
import { PACK_ENFORCEMENT_LEVEL, policies } from "../policy-pack/policies";

/** The registrations of one run, with plain (secret-unwrapped) inputs for assertions, the invokes it made and the stack outputs it exported. */
export class Registrations {
    constructor(readonly all: RecordedResource[], readonly invokes: RecordedInvoke[] = [], readonly stackOutputs: Record<string, unknown> = {}) {}

    /** The inputs of every invoke of `token`, in order. */
    invoked(token: string): Record<string, unknown>[] {
        return this.invokes.filter((i) => i.token === token).map((i) => i.inputs);
    }

    ofType(type: string): RecordedResource[] {
        return this.all.filter((r) => r.type === type);
    }

    /** The one resource of `type` (named `name`, if given); fails when there is not exactly one. */
    one(type: string, name?: string): RecordedResource {
        const found = this.ofType(type).filter((r) => name === undefined || r.name === name);
        if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
        return found[0];
    }

    inputs(resource: RecordedResource): Record<string, any> {
        return decodeWire(resource.inputs, revealSecrets) as Record<string, any>;
    }

    /** The state the mocks returned: what other resources read from this one. */
    outputs(resource: RecordedResource): Record<string, any> {
        return decodeWire(resource.outputs, revealSecrets) as Record<string, any>;
    }

    byUrn(urn: string): RecordedResource | undefined {
        return this.all.find((r) => r.urn === urn);
    }

    /** These registrations as deployed resources, the way a plan.json lists them, for a later run's account. */
    deployed(): DeployedResource[] {
        return this.all.map((r) => ({ urn: r.urn, type: r.type, name: r.name, inputs: decodeWire(r.inputs, maskSecrets) as Record<string, unknown> }));
    }
}

/** The stack file's config as the engine would pass it (secure values as placeholders). */
export function stackConfig(stack: "dev" | "prod"): StackFileConfig {
    return readStackFile(stackFilePath(stack));
}

/** The bootstrap project's stack file (bootstrap/Pulumi.<stack>.yaml) as the engine would pass it. */
export function bootstrapStackConfig(stack: "dev" | "prod"): StackFileConfig {
    return readStackFile(projectStackFile(BOOTSTRAP_PROJECT, stack));
}

/** A copy of `config` with one key's decoded value changed by `mutate` (which may return undefined to unset it). */
export function withConfig(config: StackFileConfig, key: string, mutate: (value: any) => any): StackFileConfig {
    const fullKey = `signal-trading:${key}`;
    const current = config.config[fullKey];
    const decoded = current === undefined ? undefined : decodeConfigValue(current);
    const next = mutate(structuredClone(decoded));
    const entries = { ...config.config };
    if (next === undefined) delete entries[fullKey];
    else entries[fullKey] = typeof next === "string" ? next : JSON.stringify(next);
    return { config: entries, secretKeys: config.secretKeys };
}

/** `deployed`: what the account already holds (e.g. an earlier run's `deployed()`); empty by default. */
export async function runStack(stack: string, config: StackFileConfig, deployed: readonly DeployedResource[] = [], options: RunOptions = {}): Promise<Registrations> {
    const run = await runProgram(stack, config, deployed, options);
    return new Registrations(run.resources, run.invokes, run.outputs);
}

const committedRuns = new Map<string, Promise<Registrations>>();
const committedReports = new Map<string, Promise<PolicyReport>>();

/** The run of `project` (the platform by default) under its committed stack file of `stack`: one per process, shared by every caller. */
export function programRunOf(stack: "dev" | "prod", project: OfflineProject = PLATFORM_PROJECT): Promise<Registrations> {
    const key = `${project.root}\0${stack}`;
    if (!committedRuns.has(key)) committedRuns.set(key, runStack(stack, readStackFile(projectStackFile(project, stack)), [], { project }));
    return committedRuns.get(key)!;
}

/** The pack's report on `programRunOf(stack, project)` under the stack's policy config (policy-pack/config/<stack>.json), as the plan evaluates it: one per process. */
export function policyReportOf(stack: "dev" | "prod", project: OfflineProject = PLATFORM_PROJECT): Promise<PolicyReport> {
    const key = `${project.root}\0${stack}`;
    if (!committedReports.has(key)) {
        committedReports.set(key, programRunOf(stack, project).then((r) => evaluatePolicies(policies, PACK_ENFORCEMENT_LEVEL, readPolicyConfig(policyConfigPath(stack)), r.all.map(toResourceUnderTest))));
    }
    return committedReports.get(key)!;
}

/**
 * Builds resources with `build` under fresh mocks and returns what it registered. `account`: what
 * the account already holds, or mocks of an account that answers otherwise (an invoke that fails).
 */
export async function registrationsOf(build: () => void, stack = "test", account: readonly DeployedResource[] | OfflineMocks = []): Promise<Registrations> {
    const mocks = account instanceof OfflineMocks ? account : new OfflineMocks(account);
    await pulumi.runtime.setMocks(mocks, PROJECT_NAME, stack, false);
    const recorded = recordRegistrations();
    await withOfflineSdk(async () => {
        build();
        await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    });
    return new Registrations(recorded, mocks.invokes);
}

/**
 * An account whose release pipeline has not pushed the images of `repositoryName`: ECR answers
 * DescribeImages with ImageNotFoundException, which the engine hands the program as the failed
 * invoke's gRPC status (the SDK reads its `details`).
 */
export class AccountWithoutImages extends OfflineMocks {
    constructor(private readonly repositoryName: string) {
        super();
    }

    override call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        if (args.token !== "aws:ecr/getImage:getImage" || args.inputs.repositoryName !== this.repositoryName) return super.call(args);
        this.invokes.push({ token: args.token, inputs: args.inputs, provider: args.provider });
        throw Object.assign(new Error("invoke failed"), { code: 2, details: imageNotFound(args.inputs) });
    }
}

/** The error of a getImage that finds nothing, as the AWS provider reports ECR's ImageNotFoundException. */
export function imageNotFound(inputs: { repositoryName: string; imageDigest?: string; imageTag?: string }): string {
    const imageId = `{imageDigest:'${inputs.imageDigest ?? "null"}', imageTag:'${inputs.imageTag ?? "null"}'}`;
    return "invocation of aws:ecr/getImage:getImage returned an error: invoking aws:ecr/getImage:getImage: 1 error occurred:\n"
        + `\t* reading ECR Images: ImageNotFoundException: The image with imageId ${imageId} does not exist within the repository with name '${inputs.repositoryName}' in the registry with id '123456789012'\n\n`;
}
