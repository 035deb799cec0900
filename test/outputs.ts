/** Reading what components export, and how values reach the engine, in tests. */
import * as pulumi from "@pulumi/pulumi";
import { SECRET_SIG, SIG_KEY } from "../tools/offline/wire";


/** The value of an Output once the mocks have resolved it. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise<T>((resolve) => output.apply(resolve));
}

/** The value of an Output, or its error: `valueOf` never settles when the Output rejects. */
export function settled<T>(output: pulumi.Output<T>): Promise<{ value: T } | { error: unknown }> {
    return (output as unknown as { promise(): Promise<T> }).promise().then((value) => ({ value }), (error: unknown) => ({ error }));
}

/** True when a raw (wire-form) input is marked secret, as the engine receives a secret. */
export function isSecretWire(value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}
