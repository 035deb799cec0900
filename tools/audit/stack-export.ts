/**
 * Reads the output of `pulumi stack export` (a checkpoint, version 3) into the resources the
 * policy runner evaluates: inputs for resource policies, outputs for stack policies, with
 * parent, provider and dependencies as the engine hands them to the pack.
 */
import * as fs from "node:fs";
import type { ResourceUnderTest } from "../policy/engine";
import { SECRET_MASK, SECRET_SIG, SIG_KEY } from "../offline/wire";

/** The export cannot be read or is not a stack export (exit code 2). */
export class StackExportError extends Error {}

interface ExportedResource {
    urn: string;
    type: string;
    custom?: boolean;
    id?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    parent?: string;
    provider?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    protect?: boolean;
    ignoreChanges?: string[];
    additionalSecretOutputs?: string[];
    delete?: boolean;
}

export interface StackExport {
    stack: string;
    resources: ResourceUnderTest[];
}

/**
 * A secret in a checkpoint: `plaintext` (JSON) after `pulumi stack export --show-secrets`,
 * otherwise only `ciphertext`, which becomes a mask (policies see that a value is set).
 */
function decodeSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(decodeSecrets);
    if (typeof value !== "object" || value === null) return value;
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) {
        return typeof record.plaintext === "string" ? decodeSecrets(JSON.parse(record.plaintext)) : SECRET_MASK;
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decodeSecrets(v)]));
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` → its stack and name. */
function urnParts(urn: string): { stack: string; name: string } | undefined {
    const match = /^urn:pulumi:([^:]+)::[^:]+::.*::([^:]*)$/.exec(urn);
    return match ? { stack: match[1], name: match[2] } : undefined;
}

/** A provider reference is `<provider urn>::<provider id>`. */
function providerUrn(reference: string | undefined): string | undefined {
    return reference ? reference.slice(0, reference.lastIndexOf("::")) : undefined;
}

export function parseStackExport(text: string, source: string): StackExport {
    let document: { deployment?: { resources?: unknown } };
    try {
        document = JSON.parse(text);
    } catch (error) {
        throw new StackExportError(`${source} is not valid JSON: ${(error as Error).message}`);
    }
    const resources = document?.deployment?.resources;
    if (!Array.isArray(resources)) throw new StackExportError(`${source} is not a stack export: it has no deployment.resources (create it with \`pulumi stack export --file <file>\`)`);
    const problems: string[] = [];
    const parsed: ResourceUnderTest[] = [];
    const stacks = new Set<string>();
    (resources as ExportedResource[]).forEach((r, i) => {
        const parts = typeof r?.urn === "string" ? urnParts(r.urn) : undefined;
        if (!parts || typeof r.type !== "string") {
            problems.push(`deployment.resources[${i}] has no valid urn and type`);
            return;
        }
        if (r.delete) return; // pending deletion: no longer part of the stack
        stacks.add(parts.stack);
        parsed.push({
            urn: r.urn, type: r.type, name: parts.name,
            inputs: decodeSecrets(r.inputs ?? {}) as Record<string, unknown>,
            outputs: decodeSecrets(r.outputs ?? {}) as Record<string, unknown>,
            parent: r.parent, provider: providerUrn(r.provider),
            dependencies: r.dependencies ?? [], propertyDependencies: r.propertyDependencies ?? {},
            protect: r.protect ?? false, ignoreChanges: r.ignoreChanges ?? [], additionalSecretOutputs: r.additionalSecretOutputs ?? [],
        });
    });
    if (problems.length > 0) throw new StackExportError(`${source}: ${problems.join("; ")}`);
    if (stacks.size !== 1) throw new StackExportError(`${source} holds resources of ${stacks.size === 0 ? "no stack" : `several stacks (${[...stacks].join(", ")})`}`);
    return { stack: [...stacks][0], resources: parsed };
}

export function readStackExport(file: string): StackExport {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new StackExportError(`cannot read the stack export ${file}: ${(error as Error).message}`);
    }
    return parseStackExport(text, file);
}
