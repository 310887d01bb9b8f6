import { rmSync } from 'node:fs';
import { axeCheckedDir } from './fixtures';

/** A run starts with no page counted as checked by axe (see expectAccessible in fixtures.ts). */
export default function globalSetup() {
	rmSync(axeCheckedDir, { recursive: true, force: true });
}
