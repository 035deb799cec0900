/**
 * Per-Ingress settings of the NGINX Ingress Controller, as the annotations it reads
 * (nginx.org/*, checked against the controller's parser for chart 2.6.4 / controller 5.5.4).
 * Values are validated here the way the controller validates them, so a mistake fails the
 * program instead of being dropped by the controller with a warning event.
 */

export interface RateLimit {
    /**
     * Requests per second one client may make to the Ingress on average. Below 1, a whole
     * number per minute (0.5 → 30r/m), as NGINX counts only whole requests per second or minute.
     */
    ratePerSecond: number;
    /** Requests above the rate a client may send at once; they are served without delay, the rest get 429. */
    burst: number;
    /**
     * What identifies a client, as NGINX variables; the default `${binary_remote_addr}` is the
     * client's address, which reaches NGINX because the NLB service keeps source addresses.
     */
    key?: string;
    /**
     * Divide the rate by the number of controller replicas, so it holds for the controller as a
     * whole rather than per replica. Only sound when a client's requests spread over the replicas:
     * a client on one long-lived connection then gets a fraction of the rate. Off by default, so
     * a client may get up to replicas × the rate.
     */
    scaleWithReplicas?: boolean;
    /** Log the requests that would be rejected without rejecting them, to tune a new limit. */
    dryRun?: boolean;
}

// The controller's own checks: internal/k8s/validation.go and internal/configs/parsing_helpers.go.
const LIMIT_REQ_KEY = /^(\$\{[a-zA-Z_][a-zA-Z0-9_]*\}|\$[a-zA-Z_][a-zA-Z0-9_]*)+$/;
const OFFSET = /^\d+[kKmMgG]?$/;

/** The NGINX rate (`<n>r/s` or `<n>r/m`) of a rate per second. */
function requestRate(ratePerSecond: number): string {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) throw new Error(`a rate limit must be a positive number of requests per second, got ${ratePerSecond}`);
    if (Number.isInteger(ratePerSecond)) return `${ratePerSecond}r/s`;
    const perMinute = Math.round(ratePerSecond * 60);
    if (perMinute < 1 || Math.abs(perMinute - ratePerSecond * 60) > 1e-9) {
        throw new Error(`a rate limit below 1 per second or with a fraction must be a whole number per minute, got ${ratePerSecond}/s (${ratePerSecond * 60}/min)`);
    }
    return `${perMinute}r/m`;
}

/**
 * Annotations that limit each client's request rate to one Ingress (`limit_req`, a zone per
 * Ingress). Requests over rate + burst are rejected with 429 (the controller's default code).
 */
export function rateLimitAnnotations(limit: RateLimit): Record<string, string> {
    if (!Number.isInteger(limit.burst) || limit.burst < 0) throw new Error(`a rate limit's burst must be a whole number ≥ 0, got ${limit.burst}`);
    if (limit.key !== undefined && !LIMIT_REQ_KEY.test(limit.key)) {
        throw new Error(`a rate limit's key must be NGINX variable references such as $binary_remote_addr or \${request_uri}, got ${JSON.stringify(limit.key)}`);
    }
    return {
        "nginx.org/limit-req-rate": requestRate(limit.ratePerSecond),
        "nginx.org/limit-req-burst": String(limit.burst),
        // A burst is served at once rather than spaced out to the rate, which would add latency.
        "nginx.org/limit-req-no-delay": "true",
        ...(limit.key !== undefined ? { "nginx.org/limit-req-key": limit.key } : {}),
        ...(limit.scaleWithReplicas ? { "nginx.org/limit-req-scale": "true" } : {}),
        ...(limit.dryRun ? { "nginx.org/limit-req-dry-run": "true" } : {}),
    };
}

export interface RequestSize {
    /** Largest request body accepted, in NGINX's size syntax (`512k`, `8m`, `1g`); larger ones get 413. The controller's default is 1m. */
    maxBodySize: string;
}

/** Annotations that set the largest request body an Ingress accepts (`client_max_body_size`). */
export function requestSizeAnnotations(size: RequestSize): Record<string, string> {
    if (!OFFSET.test(size.maxBodySize)) throw new Error(`a request body size must be a number with an optional k, m or g suffix, got ${JSON.stringify(size.maxBodySize)}`);
    // NGINX reads 0 as "no limit": any client could then stream unbounded bodies to a backend.
    if (/^0+\D?$/.test(size.maxBodySize)) throw new Error("a request body size must be above 0, which NGINX reads as no limit");
    return { "nginx.org/client-max-body-size": size.maxBodySize };
}
