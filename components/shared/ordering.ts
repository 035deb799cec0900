import * as pulumi from "@pulumi/pulumi";

/**
 * Options that make a component and every resource under it wait for `resources`. A
 * component's own dependsOn does not hold back the children it creates; the transformation,
 * which its descendants inherit, adds the dependencies to each of them.
 */
export function waitingFor(resources: pulumi.Input<pulumi.Resource>[]): pulumi.ComponentResourceOptions {
    return {
        dependsOn: resources,
        transformations: [(child) => ({ props: child.props, opts: pulumi.mergeOptions(child.opts, { dependsOn: resources }) })],
    };
}
