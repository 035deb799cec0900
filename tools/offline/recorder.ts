/**
 * Records every resource registration the program makes under the mock monitor, with the
 * options that `MockResourceArgs` does not carry (parent, dependencies, provider,
 * ignoreChanges, protect, ...), by wrapping the monitor's `registerResource`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceUnderTest } from "../policy/engine";

/** A registration: the runner's view of a resource plus the mock engine's details, values in wire form. */
export interface RecordedResource extends Omit<ResourceUnderTest, "inputs" | "outputs"> {
    custom: boolean;
    id?: string;
    /** Inputs in wire form (secrets still marked). */
    inputs: Record<string, unknown>;
    /** The state the mocks returned, in wire form. */
    outputs: Record<string, unknown>;
    /** Left in the cloud when Pulumi deletes it (`retainOnDelete`). */
    retainOnDelete: boolean;
    /** Inputs that replace the resource when they change (`replaceOnChanges`), on top of the provider's own. */
    replaceOnChanges: string[];
}

interface StructLike { toJavaScript(): Record<string, unknown> }
interface RegisterRequest {
    getType(): string; getName(): string; getCustom(): boolean; getParent(): string; getProvider(): string;
    getDependenciesList(): string[]; getProtect(): boolean; getIgnorechangesList(): string[];
    getAdditionalsecretoutputsList(): string[]; getDeletebeforereplacedefined(): boolean; getDeletebeforereplace(): boolean;
    getRetainondelete(): boolean | undefined; getReplaceonchangesList(): string[];
    getPropertydependenciesMap(): { entries(): Iterable<[string, { getUrnsList(): string[] }]> };
    getObject(): StructLike | undefined;
}
interface RegisterResponse { getUrn(): string; getId(): string; getObject(): StructLike | undefined }
type Callback = (error: Error | null, response?: RegisterResponse) => void;
interface Monitor {
    registerResource(req: RegisterRequest, callback: Callback): Promise<void> | void;
    /** The mock monitor's own record of each registration: the state it answered, already in wire form. */
    resources?: Map<string, { state?: Record<string, unknown> }>;
}

/** Starts recording on the current mock monitor; returns the live list of registrations. */
export function recordRegistrations(): RecordedResource[] {
    const monitor = (pulumi.runtime as unknown as { getMonitor(): Monitor }).getMonitor();
    const recorded: RecordedResource[] = [];
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => register(req, (error, response) => {
        if (!error && response) recorded.push(toRecord(req, response, monitor.resources?.get(response.getUrn())?.state));
        callback(error, response);
    });
    return recorded;
}

/** `state`: the outputs as the mock monitor kept them, which spares decoding the response's struct again. */
function toRecord(req: RegisterRequest, response: RegisterResponse, state: Record<string, unknown> | undefined): RecordedResource {
    const propertyDependencies: Record<string, string[]> = {};
    for (const [key, urns] of req.getPropertydependenciesMap().entries()) propertyDependencies[key] = urns.getUrnsList();
    const provider = req.getProvider();
    return {
        urn: response.getUrn(),
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        id: response.getId() || undefined,
        parent: req.getParent() || undefined,
        // A provider reference is `<urn>::<id>`.
        provider: provider ? provider.slice(0, provider.lastIndexOf("::")) : undefined,
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        protect: req.getProtect(),
        ignoreChanges: req.getIgnorechangesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
        retainOnDelete: req.getRetainondelete() ?? false,
        replaceOnChanges: req.getReplaceonchangesList(),
        inputs: req.getObject()?.toJavaScript() ?? {},
        outputs: state ?? response.getObject()?.toJavaScript() ?? {},
    };
}
