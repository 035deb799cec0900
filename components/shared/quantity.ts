/**
 * Kubernetes resource quantities as numbers, so config invariants (requests ≤ limits) and
 * capacity sums can compare them. Only the suffixes resource requests use are accepted.
 */
const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const MEMORY_FACTORS: Record<string, number> = {
    "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40,
};

/** Millicores of a CPU quantity ("250m" → 250, "2" → 2000), or undefined if malformed. */
export function cpuMillicores(quantity: string): number | undefined {
    const match = CPU.exec(quantity);
    if (!match) return undefined;
    const value = Number(match[1]);
    return match[2] === "m" ? value : value * 1000;
}

/** Bytes of a memory quantity ("512Mi" → 536870912), or undefined if malformed. */
export function memoryBytes(quantity: string): number | undefined {
    const match = MEMORY.exec(quantity);
    if (!match) return undefined;
    return Number(match[1]) * MEMORY_FACTORS[match[2] ?? ""];
}
