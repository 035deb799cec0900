/**
 * CloudWatch Logs JSON filter patterns (`{ $.a.b[0] = "x*" && ($.c = 401 || $.d = %re%) }`),
 * evaluated offline against a log event, as the service documents them: a selector that is
 * missing never matches (`!=` included), `*` in a string is a wildcard over the whole value, a
 * `%regex%` matches anywhere in the value, numbers compare numerically. Only the JSON form is
 * read; a pattern this evaluator cannot parse throws, so a test cannot pass on a typo.
 */

type Token = { kind: "op" | "paren" | "logic" | "selector" | "string" | "regex" | "number"; text: string };

function tokenize(pattern: string): Token[] {
    const body = pattern.trim();
    if (!body.startsWith("{") || !body.endsWith("}")) throw new Error(`not a JSON filter pattern: ${pattern}`);
    const src = body.slice(1, -1);
    const tokens: Token[] = [];
    let i = 0;
    while (i < src.length) {
        const rest = src.slice(i);
        const ws = /^\s+/.exec(rest);
        if (ws) { i += ws[0].length; continue; }
        const rules: [Token["kind"], RegExp][] = [
            ["logic", /^(&&|\|\|)/],
            ["op", /^(!=|<=|>=|=|<|>)/],
            ["paren", /^[()]/],
            ["selector", /^\$(\.[A-Za-z0-9_-]+|\[\d+\])+/],
            ["string", /^"((?:[^"\\]|\\.)*)"/],
            ["regex", /^%([^%]+)%/],
            ["number", /^-?\d+(\.\d+)?(?![\w.*])/],
        ];
        const hit = rules.map(([kind, re]) => [kind, re.exec(rest)] as const).find(([, m]) => m);
        if (!hit) throw new Error(`cannot read filter pattern at "${rest}"`);
        const [kind, m] = hit;
        tokens.push({ kind, text: kind === "string" || kind === "regex" ? m![1] : m![0] });
        i += m![0].length;
    }
    return tokens;
}

function select(event: unknown, selector: string): unknown {
    const steps = [...selector.slice(1).matchAll(/\.([A-Za-z0-9_-]+)|\[(\d+)\]/g)].map((m) => m[1] ?? Number(m[2]));
    return steps.reduce<unknown>((value, step) => (value !== null && typeof value === "object" ? (value as Record<string | number, unknown>)[step] : undefined), event);
}

function compare(actual: unknown, op: string, token: Token): boolean {
    if (actual === undefined || actual === null || typeof actual === "object") return false;
    let equal: boolean;
    if (token.kind === "number") {
        const [a, b] = [Number(actual), Number(token.text)];
        if (Number.isNaN(a)) return false;
        if (op === "<") return a < b;
        if (op === ">") return a > b;
        if (op === "<=") return a <= b;
        if (op === ">=") return a >= b;
        equal = a === b;
    } else {
        if (!["=", "!="].includes(op)) throw new Error(`operator ${op} needs a number`);
        const value = String(actual);
        equal = token.kind === "regex"
            ? new RegExp(token.text).test(value)
            : new RegExp(`^${token.text.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`).test(value);
    }
    return op === "=" ? equal : !equal;
}

/** Whether a JSON log event (the message, as ingested) matches a JSON filter pattern. */
export function matchesFilterPattern(pattern: string, message: string): boolean {
    const tokens = tokenize(pattern);
    let event: unknown;
    try { event = JSON.parse(message); } catch { return false; }
    let pos = 0;
    const peek = () => tokens[pos];
    const take = (kind: Token["kind"], text?: string): Token => {
        const t = tokens[pos++];
        if (!t || t.kind !== kind || (text !== undefined && t.text !== text)) throw new Error(`expected ${text ?? kind} at token ${pos - 1} of ${pattern}`);
        return t;
    };
    const primary = (): boolean => {
        if (peek()?.kind === "paren" && peek().text === "(") {
            pos++;
            const v = or();
            take("paren", ")");
            return v;
        }
        const selector = take("selector").text;
        const op = take("op").text;
        const value = tokens[pos++];
        if (!value || !["string", "regex", "number"].includes(value.kind)) throw new Error(`expected a value after ${selector} ${op} in ${pattern}`);
        return compare(select(event, selector), op, value);
    };
    const and = (): boolean => {
        let v = primary();
        while (peek()?.kind === "logic" && peek().text === "&&") { pos++; v = primary() && v; }
        return v;
    };
    const or = (): boolean => {
        let v = and();
        while (peek()?.kind === "logic" && peek().text === "||") { pos++; v = and() || v; }
        return v;
    };
    const result = or();
    if (pos !== tokens.length) throw new Error(`unread tokens in ${pattern}`);
    return result;
}
