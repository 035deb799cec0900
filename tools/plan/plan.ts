/**
 * The offline plan: runs the program for a stack under the mock engine, evaluates the
 * policy pack against what it registered, and renders the result as text, JSON and files.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, policies } from "../../policy-pack/policies";
import { RecordedResource } from "../offline/recorder";
import { OfflineProject, PLATFORM_PROJECT, PROJECT_ROOT, projectStackFile, runProgram } from "../offline/run-program";
import { readStackFile } from "../offline/stack-file";
import { DeployedResource } from "../offline/mocks";
import { decodeWire, fingerprintSecrets, maskSecrets, revealSecrets } from "../offline/wire";
import { PlanDiff, PlanDocument } from "./diff";
import { evaluatePolicies, isBlocking, loadPolicyConfig, PolicyConfigFile, PolicyReport, resolvePolicyConfig, ResourceUnderTest } from "../policy/engine";
import { DeployabilityFinding, findUndeployable, readStackConfigDocument } from "./deployability";
import { makeDirectory } from "../cli/directories";
import { policyConfigForStack, UsageError } from "../cli/stacks";

export interface PlanOptions {
    stack: string;
    /** The project to plan; the platform by default. */
    project?: OfflineProject;
    /** Stack file to read instead of Pulumi.<stack>.yaml. */
    configFile?: string;
    /** Policy config to use instead of the stack environment's, policy-pack/config/<environment>.json. */
    policyConfigFile?: string;
    /** What the account already holds (an earlier plan's resources), for the program's live-state lookups. */
    deployed?: readonly DeployedResource[];
}

export interface PlanResult {
    /** The Pulumi project's name. */
    project: string;
    stack: string;
    resources: RecordedResource[];
    report: PolicyReport;
    policyConfigFile: string;
    /** The policies the policy config leaves enabled: the ones evaluated. */
    policiesRun: number;
    /** The stack file's values that cannot deploy as they are. */
    deployability: DeployabilityFinding[];
    /** The stack file's `environment` (empty when it sets none). */
    environment: string;
    /** The stack file's `aws.region` (empty when it sets none). */
    region: string;
}

export function stackFilePath(stack: string, project = PLATFORM_PROJECT): string {
    return projectStackFile(project, stack);
}

/** The policy config of a stack's environment (`prod-eu` → prod.json). */
export function policyConfigPath(stack: string): string {
    return policyConfigForStack(stack);
}

/** A policy config file, checked against the pack; its problems name the file. */
export function readPolicyConfig(file: string): PolicyConfigFile {
    return loadPolicyConfig(file, policies, PACK_ENFORCEMENT_LEVEL);
}

export { UsageError };

export async function runPlan(options: PlanOptions): Promise<PlanResult> {
    const policyConfigFile = options.policyConfigFile ?? policyConfigPath(options.stack);
    const policyConfig = readPolicyConfig(policyConfigFile);
    const project = options.project ?? PLATFORM_PROJECT;
    const stackFile = options.configFile ?? stackFilePath(options.stack, project);
    const run = await runProgram(options.stack, readStackFile(stackFile), options.deployed, { project });
    const report = evaluatePolicies(policies, PACK_ENFORCEMENT_LEVEL, policyConfig, run.resources.map(toResourceUnderTest));
    const policiesRun = resolvePolicyConfig(policies, PACK_ENFORCEMENT_LEVEL, policyConfig).filter((p) => p.level !== "disabled").length;
    const config = readStackConfigDocument(stackFile);
    const deployability = findUndeployable(config, { project: project.name === PLATFORM_PROJECT.name ? "platform" : "bootstrap", stack: options.stack });
    const setting = (key: string) => config[`${project.name}:${key}`];
    const environment = String(setting("environment") ?? "");
    const region = String((setting("aws") as { region?: unknown } | undefined)?.region ?? "");
    return { project: project.name, stack: options.stack, resources: run.resources, report, policyConfigFile, policiesRun, deployability, environment, region };
}

/** Policies see secrets unwrapped, as the policy SDK hands them over. */
export function toResourceUnderTest(r: RecordedResource): ResourceUnderTest {
    return {
        ...r,
        inputs: decodeWire(r.inputs, revealSecrets) as Record<string, unknown>,
        outputs: decodeWire(r.outputs, revealSecrets) as Record<string, unknown>,
    };
}

// ------------------------------------------------------------------ summary

export interface PlanSummary {
    project: string;
    stack: string;
    environment: string;
    region: string;
    /** The EKS cluster's version; empty for a project without a cluster. */
    kubernetesVersion: string;
    total: number;
    /** The policies evaluated: the pack's, less those the policy config disables. */
    policiesRun: number;
    /** The pack's policies. */
    policiesInPack: number;
    /** Whether deployability findings fail the plan (`--strict`). */
    strict: boolean;
    /** The verdict, as the exit code reports it: no mandatory violation, and with `strict` no deployability finding. */
    passed: boolean;
    deployability: DeployabilityFinding[];
    byComponent: { component: string; type: string; count: number }[];
    byType: { type: string; count: number }[];
    violations: { policyName: string; enforcementLevel: string; severity?: string; resource?: string; resourceType?: string; urn?: string; message: string }[];
    mandatoryViolations: number;
    advisoryViolations: number;
    remediations: { policyName: string; urn: string }[];
    platform: PlatformInventory;
}

/** What a reviewer of the platform looks for first: chart versions, IAM identities of pods, backups. */
export interface PlatformInventory {
    charts: { release: string; namespace: string; chart: string; version: string; repository: string }[];
    serviceAccountRoles: { serviceAccount: string; role: string }[];
    backupSchedules: { name: string; schedule: string; ttl: string; includedNamespaces: string[]; snapshotVolumes: boolean }[];
    /** Each autoscaled workload with its replica range. */
    services: { namespace: string; name: string; kind: string; minReplicas: number; maxReplicas: number }[];
    /** Resources pulumi refuses to delete or replace (`protect`). */
    protectedResources: { type: string; name: string }[];
}

const NO_COMPONENT = "(stack)";

export function platformInventory(resources: RecordedResource[]): PlatformInventory {
    const plain = (r: RecordedResource, side: "inputs" | "outputs" = "inputs") => decodeWire(r[side], maskSecrets) as Record<string, any>;
    const byName = <T extends { [k: string]: unknown }>(key: keyof T) => (a: T, b: T) => String(a[key]).localeCompare(String(b[key]));
    const charts = resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release").map((r) => {
        const inputs = plain(r);
        const chart = String(inputs.chart);
        return { release: String(inputs.name ?? r.name), namespace: String(inputs.namespace ?? "default"), chart: chart.split("/").pop()!, version: String(inputs.version), repository: inputs.repositoryOpts?.repo ?? chart.slice(0, chart.lastIndexOf("/")) };
    }).sort(byName("namespace"));
    const serviceAccountRoles = resources.filter((r) => r.type === "aws:iam/role:Role" && plain(r).tags?.["kubernetes-service-account"])
        .map((r) => ({ serviceAccount: String(plain(r).tags["kubernetes-service-account"]), role: String(plain(r, "outputs").name ?? r.name) }))
        .sort(byName("serviceAccount"));
    const backupSchedules = resources.filter((r) => r.type === "kubernetes:velero.io/v1:Schedule").map((r) => {
        const { metadata, spec } = plain(r);
        return {
            name: String(metadata?.name ?? r.name), schedule: String(spec?.schedule), ttl: String(spec?.template?.ttl),
            includedNamespaces: spec?.template?.includedNamespaces ?? [], snapshotVolumes: spec?.template?.snapshotVolumes !== false,
        };
    }).sort(byName("name"));
    const services = resources.filter((r) => r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").map((r) => {
        const { metadata, spec } = plain(r);
        return {
            namespace: String(metadata?.namespace ?? "default"), name: String(spec?.scaleTargetRef?.name), kind: String(spec?.scaleTargetRef?.kind),
            // HorizontalPodAutoscaler's default minimum is 1.
            minReplicas: Number(spec?.minReplicas ?? 1), maxReplicas: Number(spec?.maxReplicas),
        };
    }).sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
    const protectedResources = resources.filter((r) => r.protect).map((r) => ({ type: r.type, name: r.name }))
        .sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
    return { charts, serviceAccountRoles, backupSchedules, services, protectedResources };
}

export function summarize(result: PlanResult, options: { strict?: boolean } = {}): PlanSummary {
    const byUrn = new Map(result.resources.map((r) => [r.urn, r]));
    const topComponent = (r: RecordedResource): RecordedResource | undefined => {
        let current = r.custom ? (r.parent ? byUrn.get(r.parent) : undefined) : r;
        while (current?.parent && byUrn.get(current.parent)) current = byUrn.get(current.parent);
        return current;
    };
    const components = new Map<string, { component: string; type: string; count: number }>();
    const types = new Map<string, number>();
    for (const r of result.resources) {
        const owner = topComponent(r);
        const key = owner ? owner.urn : NO_COMPONENT;
        const entry = components.get(key) ?? { component: owner?.name ?? NO_COMPONENT, type: owner?.type ?? "", count: 0 };
        entry.count++;
        components.set(key, entry);
        types.set(r.type, (types.get(r.type) ?? 0) + 1);
    }
    const violations = summarizeViolations(result.report, result.resources);
    const strict = options.strict ?? false;
    const cluster = result.resources.find((r) => r.type === "aws:eks/cluster:Cluster");
    return {
        project: result.project,
        stack: result.stack,
        environment: result.environment,
        region: result.region,
        kubernetesVersion: String((cluster && (decodeWire(cluster.inputs, maskSecrets) as { version?: unknown }).version) ?? ""),
        total: result.resources.length,
        policiesRun: result.policiesRun,
        policiesInPack: policies.length,
        strict,
        passed: violations.mandatoryViolations === 0 && !(strict && result.deployability.length > 0),
        deployability: result.deployability,
        byComponent: [...components.values()].sort((a, b) => b.count - a.count || a.component.localeCompare(b.component)),
        byType: [...types.entries()].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
        ...violations,
        platform: platformInventory(result.resources),
    };
}

export type ViolationSummary = Pick<PlanSummary, "violations" | "mandatoryViolations" | "advisoryViolations" | "remediations">;

/** A policy report's violations, each named by its resource, and their counts by level. */
export function summarizeViolations(report: PolicyReport, resources: { urn: string; name: string; type: string }[]): ViolationSummary {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const violations = report.violations.map((v) => {
        const resource = v.urn ? byUrn.get(v.urn) : undefined;
        return { policyName: v.policyName, enforcementLevel: v.enforcementLevel, severity: v.severity, resource: resource?.name, resourceType: resource?.type, urn: v.urn, message: v.message };
    });
    const mandatoryViolations = report.violations.filter(isBlocking).length;
    return { violations, mandatoryViolations, advisoryViolations: violations.length - mandatoryViolations, remediations: report.remediations };
}

const pad = (rows: [string, string][]) => {
    if (rows.length === 0) return "  none";
    const width = Math.max(...rows.map(([a]) => a.length));
    return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`.trimEnd()).join("\n");
};

/** "1 value cannot deploy as it is", "3 values cannot deploy as they are" */
const cannotDeploy = (n: number) => (n === 1 ? "1 value cannot deploy as it is" : `${n} values cannot deploy as they are`);

/** The one line that says whether the plan passed, and why not. */
export function verdict(summary: Pick<PlanSummary, "mandatoryViolations" | "deployability" | "strict">): string {
    const reasons = [
        ...(summary.mandatoryViolations > 0 ? [`${summary.mandatoryViolations} mandatory policy violations`] : []),
        ...(summary.strict && summary.deployability.length > 0 ? [`${cannotDeploy(summary.deployability.length)} (--strict)`] : []),
    ];
    return reasons.length > 0 ? `FAILED: ${reasons.join(", ")}` : "PASSED: no mandatory policy violations";
}

/** The block the plan opens with: what was planned, what was checked, and the verdict. */
export function renderSummary(summary: PlanSummary): string {
    const findings = summary.deployability.length;
    return pad([
        ["stack", summary.stack],
        ["environment", summary.environment || "(not set)"],
        ["project", summary.project],
        ["region", summary.region || "(not set)"],
        ["Kubernetes version", summary.kubernetesVersion || "(no cluster)"],
        ["resources", String(summary.total)],
        ["policies run", summary.policiesRun === summary.policiesInPack
            ? `${summary.policiesRun} (all of the pack)`
            : `${summary.policiesRun} of the pack's ${summary.policiesInPack} (${summary.policiesInPack - summary.policiesRun} disabled by the policy config)`],
        ["violations", `${summary.mandatoryViolations} mandatory, ${summary.advisoryViolations} advisory${summary.remediations.length > 0 ? `, ${summary.remediations.length} remediations` : ""}`],
        ["not deployable", findings === 0 ? "0 values" : `${findings === 1 ? "1 value" : `${findings} values`} (listed below${summary.strict ? "" : "; --strict fails on them"})`],
        ["verdict", verdict(summary)],
    ]);
}

/** Every value of the stack file that cannot deploy as it is, with what to do. */
export function renderDeployability(findings: readonly DeployabilityFinding[]): string {
    if (findings.length === 0) return "Deployability: every value can deploy as it is";
    return [
        `Deployability: ${cannotDeploy(findings.length)}`,
        ...findings.flatMap((f) => [`  ${f.key} = ${f.value}`, `      ${f.problem}`, `      → ${f.action}`]),
    ].join("\n");
}

/**
 * The plan as text: the summary, the deployability findings, the policy violations, the
 * changes against an earlier plan (`changes`), then the details; resources by type with `verbose`.
 */
export function renderText(summary: PlanSummary, options: { changes?: string; verbose?: boolean } = {}): string {
    const backupWidth = Math.max(0, ...summary.platform.backupSchedules.map((s) => s.schedule.length));
    const sections = [
        `Offline plan of ${summary.project}, stack "${summary.stack}" (mock engine: nothing is deployed)\n\n${renderSummary(summary)}`,
        renderDeployability(summary.deployability),
        ...(summary.violations.length > 0 ? [["Policy violations:", ...violationLines(summary.violations)].join("\n")] : []),
        ...(options.changes ? [options.changes] : []),
        ["Resources by component:", pad(summary.byComponent.map((c) => [c.type ? `${c.component} (${c.type})` : c.component, String(c.count)]))].join("\n"),
        ...(options.verbose ? [["Resources by type:", pad(summary.byType.map((t) => [t.type, String(t.count)]))].join("\n")] : []),
        ["Helm charts:", pad(summary.platform.charts.map((c) => [`${c.namespace}/${c.release}`, `${c.chart} ${c.version} from ${c.repository}`]))].join("\n"),
        ["IAM roles of service accounts (IRSA):", pad(summary.platform.serviceAccountRoles.map((a) => [a.serviceAccount, a.role]))].join("\n"),
        ["Backup schedules (Velero, UTC):", pad(summary.platform.backupSchedules.map((b) => [
            b.name, `${b.schedule.padEnd(backupWidth)}  keep ${b.ttl.padEnd(10)}  ${b.includedNamespaces.join(",")}${b.snapshotVolumes ? "  +volumes" : ""}`,
        ]))].join("\n"),
        ["Services (replicas, by their autoscalers):", pad(summary.platform.services.map((s) => [`${s.namespace}/${s.name}`, `${s.minReplicas}-${s.maxReplicas}`]))].join("\n"),
        ["Protected resources (pulumi refuses to delete or replace them):", pad(summary.platform.protectedResources.map((r) => [r.type, r.name]))].join("\n"),
    ];
    return sections.join("\n\n");
}

function violationLines(violations: ViolationSummary["violations"]): string[] {
    return violations.flatMap((v) => {
        const where = v.resource ? `${v.resource} (${v.resourceType})` : "stack";
        return [`  [${v.enforcementLevel}] ${v.policyName} on ${where}`, ...v.message.split("\n").map((l) => `      ${l}`)];
    });
}

/** The policy verdict: counts, each violation with its message, PASSED or FAILED. */
export function renderViolations(summary: ViolationSummary, policyCount: number): string {
    const lines = [`Policies: ${policyCount} evaluated, ${summary.mandatoryViolations} mandatory and ${summary.advisoryViolations} advisory violations, ${summary.remediations.length} remediations`];
    lines.push(...violationLines(summary.violations));
    lines.push("", summary.mandatoryViolations > 0 ? `FAILED: ${summary.mandatoryViolations} mandatory policy violations` : "PASSED: no mandatory policy violations");
    return lines.join("\n");
}

// ------------------------------------------------------------------ files

/** Kubernetes objects are the registrations of `kubernetes:<group>/<version>:<Kind>` types. */
export function isKubernetesObject(type: string): boolean {
    return /^kubernetes:[^:]*\/v[0-9a-z]+:[A-Za-z]+$/.test(type) && !type.startsWith("kubernetes:helm.sh/") && !type.startsWith("kubernetes:yaml/");
}

export function manifestFiles(resources: RecordedResource[]): { file: string; content: string }[] {
    return resources.filter((r) => isKubernetesObject(r.type)).map((r) => {
        const object = decodeWire(r.inputs, maskSecrets) as { kind?: string; metadata?: { name?: string; namespace?: string } };
        const kind = object.kind ?? r.type.split(":").pop()!;
        const name = object.metadata?.name ?? r.name;
        const namespace = object.metadata?.namespace ?? "_cluster";
        // A patch names the object it changes and carries only the fields it sets: its file says so.
        const patch = r.type.endsWith("Patch") ? ".patch" : "";
        return { file: path.join(namespace, `${kind.toLowerCase()}-${name}${patch}.yaml`), content: stringify(object) };
    });
}

/** The values of each Helm release, for review next to the manifests (secrets masked). */
export function chartValuesFiles(resources: RecordedResource[]): { file: string; content: string }[] {
    return resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release").map((r) => {
        const inputs = decodeWire(r.inputs, maskSecrets) as { name?: string; namespace?: string; values?: unknown };
        return { file: path.join(inputs.namespace ?? "default", `helmrelease-${inputs.name ?? r.name}.values.yaml`), content: stringify(inputs.values ?? {}) };
    });
}

/** plan.json: every registration with the options that decide how it updates and deletes. */
export function planDocument(result: Pick<PlanResult, "stack" | "resources">): PlanDocument {
    return {
        stack: result.stack,
        resources: result.resources.map((r) => ({
            urn: r.urn, type: r.type, name: r.name, parent: r.parent ?? null, provider: r.provider ?? null,
            dependencies: r.dependencies, protect: r.protect, retainOnDelete: r.retainOnDelete, deleteBeforeReplace: r.deleteBeforeReplace ?? false,
            replaceOnChanges: r.replaceOnChanges, ignoreChanges: r.ignoreChanges,
            // Digests, not values: enough for a later plan's diff to see which secret changed.
            inputs: decodeWire(r.inputs, fingerprintSecrets) as Record<string, unknown>,
        })),
    };
}

export function policyReportDocument(result: PlanResult, summary: PlanSummary): unknown {
    return {
        project: result.project,
        stack: result.stack,
        policyPack: PACK_NAME,
        policyConfig: path.relative(PROJECT_ROOT, result.policyConfigFile),
        passed: summary.mandatoryViolations === 0,
        mandatoryViolations: summary.mandatoryViolations,
        advisoryViolations: summary.advisoryViolations,
        violations: summary.violations,
        remediations: summary.remediations,
        notApplicable: result.report.notApplicable,
    };
}

export function writePlanFiles(result: PlanResult, summary: PlanSummary, outDir: string, diff?: PlanDiff): void {
    makeDirectory(outDir);
    fs.writeFileSync(path.join(outDir, "plan.json"), `${JSON.stringify(planDocument(result), null, 2)}\n`);
    if (diff) fs.writeFileSync(path.join(outDir, "plan-diff.json"), `${JSON.stringify(diff, null, 2)}\n`);
    fs.writeFileSync(path.join(outDir, "policy-report.json"), `${JSON.stringify(policyReportDocument(result, summary), null, 2)}\n`);
    const manifestsDir = path.join(outDir, "manifests");
    fs.rmSync(manifestsDir, { recursive: true, force: true });
    makeDirectory(manifestsDir);
    for (const manifest of [...manifestFiles(result.resources), ...chartValuesFiles(result.resources)]) {
        const file = path.join(manifestsDir, manifest.file);
        makeDirectory(path.dirname(file));
        fs.writeFileSync(file, manifest.content);
    }
}
