/**
 * Suggestions for a misspelt name (a config key, a stack): the known name fewest single-letter
 * edits away, compared without case, so `natGateway` points at `natGateways` and `Dev` at `dev`.
 */

/**
 * Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`, ignoring case;
 * a swap counts once because `mni` for `min` is one slip of the fingers.
 */
export function editDistance(a: string, b: string): number {
    const [s, t] = [a.toLowerCase(), b.toLowerCase()];
    const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= s.length; i++) {
        for (let j = 1; j <= t.length; j++) {
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
            if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[s.length][t.length];
}

/**
 * The candidate closest to `word`, if it is close enough to be a slip rather than another
 * name: at most a third of the word's letters changed (at least one). The first wins a tie.
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
    const limit = Math.max(1, Math.floor(word.length / 3));
    let best: { name: string; distance: number } | undefined;
    for (const name of candidates) {
        const distance = editDistance(word, name);
        if (distance <= limit && (best === undefined || distance < best.distance)) best = { name, distance };
    }
    return best?.name;
}

/** `; did you mean <nearest>?`, or nothing when no candidate is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
    const match = nearest(word, candidates);
    return match === undefined ? "" : `; did you mean ${match}?`;
}
