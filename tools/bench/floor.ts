/**
 * The floor of the offline plan: what any plan of `count` resources costs at least. It loads
 * the SDKs the program uses, sets the mock engine and registers `count` bare custom resources
 * (no inputs, no parent, no outputs to resolve), then prints how many it registered and exits. The benchmark runs it as its own
 * process, in turns with the plan, started the same way.
 *   node --require ./tools/offline/register-ts.cjs tools/bench/floor.ts <count>
 */
import * as pulumi from "@pulumi/pulumi";
import "@pulumi/aws";
import "@pulumi/kubernetes";
import "@pulumi/random";

/** Answers nothing beyond an id: the least a mock engine does per registration. */
const bareMocks: pulumi.runtime.Mocks = {
    newResource: (args) => ({ id: `${args.name}-id`, state: {} }),
    call: () => ({}),
};

/** A custom resource of no provider's: no inputs, and nothing the mocks compute. */
class Bare extends pulumi.CustomResource {
    constructor(name: string) {
        super("floor:index:Bare", name, {});
    }
}

export async function registerBare(count: number): Promise<number> {
    await pulumi.runtime.setMocks(bareMocks, "floor", "floor", false);
    let registered = 0;
    for (let i = 0; i < count; i++) {
        new Bare(`bare-${i}`).urn.apply(() => registered++);
    }
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return registered;
}

if (require.main === module) {
    const count = Number(process.argv[2]);
    if (!Number.isInteger(count) || count < 1) {
        console.error("usage: floor.ts <count of resources>");
        process.exit(2);
    }
    registerBare(count).then((registered) => {
        if (registered !== count) throw new Error(`registered ${registered} of ${count} resources`);
        console.log(`registered ${registered} bare resources`);
        process.exit(0);
    }, (error) => {
        console.error(error);
        process.exit(1);
    });
}
