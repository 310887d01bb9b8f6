import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUseError, openPglite } from '../../src/lib/server/db/pglite';
import { serverUrl } from './template';

const root = mkdtempSync(join(tmpdir(), 'wm-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function holdInAnotherProcess(dataDir: string) {
	const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/hold-embedded-db.ts', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const ready = new Promise<void>((resolve, reject) => {
		const timer = setInterval(() => output.includes('ready') && (clearInterval(timer), resolve()), 50);
		child.once('exit', (code) => (clearInterval(timer), reject(new Error(`exited early (${code}): ${output}`))));
	});
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	return { child, ready, exited, output: () => output };
}

// The embedded database's own lock: nothing of PostgreSQL 15's, so its run (scripts/pg15-check.sh) skips it.
describe.skipIf(serverUrl)('the embedded database lock', () => {
	it('refuses a second process with a clear message, and frees the folder on SIGTERM', async () => {
		const dataDir = join(root, 'shared');
		const holder = holdInAnotherProcess(dataDir);
		await holder.ready;
		await expect(openPglite({ dataDir })).rejects.toThrow(DataDirInUseError);
		await expect(openPglite({ dataDir })).rejects.toThrow(/already open in another process \(pid \d+\)/);

		holder.child.kill('SIGTERM');
		expect(await holder.exited).toBe(0);
		expect(holder.output()).toContain('closed on SIGTERM');
		expect(existsSync(`${dataDir}.lock`)).toBe(false);

		const reopened = await openPglite({ dataDir });
		expect(reopened.isNew).toBe(false);
		await reopened.close();
	}, 60_000);

	it('refuses a second open in the same process', async () => {
		const dataDir = join(root, 'same-process');
		const first = await openPglite({ dataDir });
		await expect(openPglite({ dataDir })).rejects.toThrow(DataDirInUseError);
		await first.close();
		expect(existsSync(`${dataDir}.lock`)).toBe(false);
	}, 60_000);

	it('takes over a lock left by a process that has gone', async () => {
		const dataDir = join(root, 'stale');
		const { writeFileSync, mkdirSync } = await import('node:fs');
		mkdirSync(root, { recursive: true });
		writeFileSync(`${dataDir}.lock`, '999999'); // no such process
		const db = await openPglite({ dataDir });
		expect(db.isNew).toBe(true);
		await db.close();
	}, 60_000);
});
