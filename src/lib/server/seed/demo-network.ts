import type { Tx } from '../db/types';
import { insertDemoBoard } from './demo-board';
import { insertDemoStories } from './demo-stories';

// Demonstration peer supporters for the demo peer-support groups: invented people, each with
// confirmed, current checks (so they are shown), and one whose check needs renewing (so the
// group's page shows what that looks like). Inserted as service_role, which may set the
// confirmation directly; they go with their group on --reset (on delete cascade).

interface DemoSupporter {
	group: string;
	name: string;
	line: string;
	lineCy?: string;
	outcomes: string[];
	languages: string[];
	when: string;
	check: 'dbs' | 'none';
	/** Days since the check; over three years is out of date. */
	checkedDaysAgo: number;
}

const supporters: DemoSupporter[] = [
	{
		group: 'Cynon Valley Peer Support', name: 'Carys', line: 'I cared for my dad for eight years. I know how lonely it can get, and how much a chat helps.',
		lineCy: 'Fues i\'n gofalu am fy nhad am wyth mlynedd. Rwy\'n gwybod pa mor unig y gall fod, a faint mae sgwrs yn helpu.',
		outcomes: ['seeing-people', 'confidence-and-morale'], languages: ['en', 'cy'], when: 'Wednesday mornings at the centre', check: 'dbs', checkedDaysAgo: 400
	},
	{
		group: 'Cynon Valley Peer Support', name: 'Mike', line: 'After my heart attack I lost my confidence. Walking with others got me going again.',
		outcomes: ['staying-well', 'mobility', 'confidence-and-morale'], languages: ['en'], when: 'Friday walks from the library', check: 'dbs', checkedDaysAgo: 900
	},
	{
		group: 'Swansea Peer Support Collective', name: 'Aisha', line: 'I came to Swansea not knowing anyone. I can help you find your way around and meet people.',
		outcomes: ['seeing-people', 'things-to-do'], languages: ['en', 'ar'], when: 'Saturday afternoons', check: 'dbs', checkedDaysAgo: 200
	},
	{
		group: 'Swansea Peer Support Collective', name: 'Tom', line: 'I live with anxiety and I know the first step through the door is the hardest.',
		outcomes: ['confidence-and-morale', 'reduced-symptoms'], languages: ['en'], when: 'Monday evenings, online or in person', check: 'none', checkedDaysAgo: 0
	},
	{
		group: 'Newport Peer Support Circle', name: 'Dev', line: 'Talking to other men who\'d been through it is what turned things round for me.',
		outcomes: ['confidence-and-morale', 'seeing-people'], languages: ['en', 'pa'], when: 'Thursday evenings', check: 'dbs', checkedDaysAgo: 300
	},
	{
		group: 'Port Talbot Peer Support', name: 'Sue', line: 'Twenty years in the forces, then civvy street. I get it.',
		outcomes: ['seeing-people', 'living-as-i-want'], languages: ['en'], when: 'The veterans\' breakfast, first Saturday of the month', check: 'dbs', checkedDaysAgo: 600
	},
	{
		// Shown to the group as needing a renewed check (never confirmed here); hidden from the public.
		group: 'Port Talbot Peer Support', name: 'Len', line: 'I was a carer for my wife through her dementia. You are not on your own.',
		outcomes: ['seeing-people', 'staying-well'], languages: ['en'], when: 'Tuesday mornings', check: 'dbs', checkedDaysAgo: 1200
	},
	{
		group: 'Cardiff Bay Wellbeing Collective', name: 'Nia', line: 'I\'ve had times when getting out of bed felt impossible. Small steps, together.',
		lineCy: 'Rwyf wedi cael adegau pan oedd codi o\'r gwely\'n teimlo\'n amhosib. Camau bach, gyda\'n gilydd.',
		outcomes: ['confidence-and-morale', 'reduced-symptoms', 'things-to-do'], languages: ['en', 'cy'], when: 'Online, most evenings', check: 'dbs', checkedDaysAgo: 150
	}
];

/** Peer supporters, stories of what helped, and the groups' board. */
export async function insertDemoNetwork(tx: Tx): Promise<{ supporters: number; stories: number; boardPosts: number }> {
	let added = 0;
	for (const s of supporters) {
		const [group] = await tx.query<{ id: string }>(`select id from public.organisations where is_demo and name = $1`, [s.group]);
		if (!group) continue;
		const [row] = await tx.query<{ id: string }>(
			`insert into public.peer_supporters (organisation_id, display_name, been_there_en, been_there_cy, languages, availability_en)
			 values ($1, $2, $3, $4, $5, $6) returning id`,
			[group.id, s.name, s.line, s.lineCy ?? null, s.languages, s.when]
		);
		const id = row!.id;
		await tx.query(
			`insert into public.peer_supporter_outcomes (peer_supporter_id, outcome_id)
			 select $1, o.id from public.outcomes o where o.id = any($2::text[])`,
			[id, s.outcomes]
		);
		const current = s.check === 'none' || s.checkedDaysAgo < 3 * 365 - 2;
		await tx.query(
			`insert into public.peer_supporter_checks (peer_supporter_id, check_kind, checked_on, training, trained_on, supervisor, confirmed_at)
			 values ($1, $2, case when $2 = 'none' then null else current_date - $3::int end, 'Peer support training (two days)',
			         current_date - ($3::int + 30), 'The group coordinator', case when $4 then now() end)`,
			[id, s.check, s.checkedDaysAgo, current]
		);
		if (current) await tx.query(`update public.peer_supporters set status = 'published' where id = $1`, [id]);
		added++;
	}
	return { supporters: added, stories: await insertDemoStories(tx), boardPosts: await insertDemoBoard(tx) };
}
