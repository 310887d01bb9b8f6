// The part of autocannon's programmatic API the benchmark uses (the package ships no types).
declare module 'autocannon' {
	import type { EventEmitter } from 'node:events';

	interface Request {
		method?: string;
		path?: string;
		headers?: Record<string, string>;
	}

	interface Client extends EventEmitter {
		setRequests(requests: Request[]): void;
	}

	interface Options {
		url: string;
		connections?: number;
		duration?: number;
		timeout?: number;
		pipelining?: number;
		headers?: Record<string, string>;
		requests?: Request[];
		setupClient?: (client: Client) => void;
	}

	/** Latency in ms (2xx responses only); autocannon has no p95. */
	interface Histogram {
		average: number;
		mean: number;
		stddev: number;
		min: number;
		max: number;
		total: number;
		p50: number;
		p90: number;
		p97_5: number;
		p99: number;
		[percentile: string]: number;
	}

	interface Result {
		latency: Histogram;
		requests: Histogram & { sent: number };
		throughput: Histogram;
		errors: number;
		timeouts: number;
		non2xx: number;
		resets: number;
		duration: number;
		'1xx': number;
		'2xx': number;
		'3xx': number;
		'4xx': number;
		'5xx': number;
		statusCodeStats: Record<string, { count: number }>;
	}

	interface Instance extends EventEmitter, PromiseLike<Result> {
		stop(): void;
		on(event: 'response', listener: (client: Client, statusCode: number, resBytes: number, responseTime: number) => void): this;
		on(event: 'reqError', listener: (error: Error) => void): this;
		on(event: string, listener: (...args: unknown[]) => void): this;
	}

	function autocannon(options: Options): Instance;
	export default autocannon;
}
