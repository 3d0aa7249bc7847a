/**
 * npm run seed:large -- --ideas 100000 [--users 2000] [--votes-per-idea 3] [--db-url postgres://…]
 *
 * Adds synthetic ideas (and bench users and votes) to a seeded Stadtidee database, for benchmarks.
 * Points lie inside the municipality boundary, spread over every district; titles combine one of
 * ~110 subjects, 12 places and ~38 actions (an everyday word then matches a few hundred to ~3,000
 * of 100,000 ideas, not a third of them), bodies two of ten sentences. Runs set-based in
 * batches and prints progress. Without --db-url it uses DATABASE_URL, else the local dev stack
 * (.data/secrets.json, port STACK_DB_PORT or config.toml's 54322).
 *
 * Bench users: bench-00001@bench.musterstadt.example … (password stadtidee-demo), not demo
 * accounts. Run it again to add more ideas; users are reused.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres, { type Sql } from 'postgres';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface SeedLargeOptions {
	ideas: number;
	users: number;
	votesPerIdea: number;
	batch?: number;
	log?: (line: string) => void;
}

const SUBJECTS = [
	'WLAN',
	'Glasfaser',
	'Mobilfunk',
	'Radweg',
	'Bürgerbüro',
	'Ampel',
	'Bushaltestelle',
	'Parkplatz',
	'Schule',
	'Bibliothek',
	'Spielplatz',
	'Kita',
	'Sporthalle',
	'Marktplatz',
	'Ladestation',
	'Sperrmüll',
	'Stadtarchiv',
	'Museum',
	'Freibad',
	'Seniorentreff',
	'Jugendzentrum',
	'Rathaus',
	'Defibrillator',
	'Straßenlaterne',
	'Glascontainer',
	'Carsharing',
	'Fahrradbox',
	'Rufbus',
	'Friedhof',
	'Wertstoffhof',
	'Stadtbücherei',
	'Volkshochschule',
	'Musikschule',
	'Grundschule',
	'Gesamtschule',
	'Berufsschule',
	'Turnhalle',
	'Sportplatz',
	'Hallenbad',
	'Skatepark',
	'Bolzplatz',
	'Stadtpark',
	'Hundewiese',
	'Parkhaus',
	'Taxistand',
	'Bahnhofsvorplatz',
	'Fußgängerzone',
	'Wochenmarkt',
	'Stadtfest',
	'Weihnachtsmarkt',
	'Tourist-Information',
	'Standesamt',
	'Ordnungsamt',
	'Bauamt',
	'Sozialamt',
	'Jobcenter',
	'Kfz-Zulassung',
	'Meldebehörde',
	'Feuerwehr',
	'Notrufsäule',
	'Trinkbrunnen',
	'Toilette',
	'Sitzbank',
	'Mülleimer',
	'Streuobstwiese',
	'Gemeinschaftsgarten',
	'Repair-Café',
	'Tauschbörse',
	'Nachbarschaftshilfe',
	'Pflegestützpunkt',
	'Arztpraxis',
	'Apotheke',
	'Mehrgenerationenhaus',
	'Familienzentrum',
	'Bürgerhaus',
	'Dorfgemeinschaftshaus',
	'Coworking-Space',
	'Gründerzentrum',
	'Gewerbeflächen',
	'Leerstand',
	'Radschnellweg',
	'Fahrradstraße',
	'Zebrastreifen',
	'Tempo-30-Zone',
	'Lärmschutz',
	'Baumkataster',
	'Regenwasser',
	'Hochwasserschutz',
	'Solaranlagen',
	'Wärmenetz',
	'Energieberatung',
	'Luftmessstation',
	'Baustellen',
	'Schlaglöcher',
	'Winterdienst',
	'Glättewarnung',
	'Ratsinformation',
	'Bürgerhaushalt',
	'Open Data',
	'Serviceportal',
	'E-Akte',
	'Online-Formulare',
	'Terminvergabe',
	'Chatbot',
	'Gebärdensprache',
	'Vorlesefunktion',
	'Smart-City-Plattform',
	'Verkehrsdaten',
	'Parkleitsystem',
	'Bürgertelefon'
];
const ACTIONS = [
	'digital buchen',
	'online melden',
	'mit Sensoren ausstatten',
	'auf einer Karte zeigen',
	'barrierefrei machen',
	'per App bezahlen',
	'in Echtzeit anzeigen',
	'besser vernetzen',
	'mit offenem WLAN versorgen',
	'online beantragen',
	'in Leichter Sprache erklären',
	'für alle zugänglich machen',
	'besser beleuchten',
	'sicherer machen',
	'neu gestalten',
	'länger öffnen',
	'am Wochenende öffnen',
	'mit Solarstrom betreiben',
	'an den Nahverkehr anbinden',
	'mit Schließfächern ergänzen',
	'digital erfassen',
	'im Internet veröffentlichen',
	'per QR-Code erreichbar machen',
	'mit Echtzeitdaten verknüpfen',
	'in mehreren Sprachen anbieten',
	'kinderfreundlich gestalten',
	'für Rollstühle zugänglich machen',
	'mit Ladesäulen ausstatten',
	'regelmäßig reinigen',
	'öfter kontrollieren',
	'gemeinsam mit Anwohnern planen',
	'als Pilotprojekt testen',
	'per E-Mail erreichbar machen',
	'mit Sitzplätzen ausstatten',
	'begrünen',
	'erweitern'
];
const PLACES = [
	'in der Altstadt',
	'in der Nordstadt',
	'in Lindenau',
	'im Ostend',
	'in der Südstadt',
	'in Mühlbach',
	'in der Weststadt',
	'auf der Hohenwiese',
	'am Kaiserberg',
	'am Bahnhof',
	'an der Schule',
	'im Gewerbegebiet'
];
const SENTENCES = [
	'Das würde vielen Menschen im Alltag helfen.',
	'Gerade Ältere und Familien hätten etwas davon.',
	'Andere Städte machen das schon lange so.',
	'Bisher muss man dafür ins Rathaus oder anrufen.',
	'Die Betriebe vor Ort warten seit Jahren darauf.',
	'So ließe sich auch Geld und Zeit sparen.',
	'Wichtig wäre, dass es auch ohne Smartphone geht.',
	'Die Daten sollten offen zur Verfügung stehen.',
	'Bei Regen und im Winter ist die Lage besonders schlimm.',
	'Ein Pilotprojekt in einem Stadtteil wäre ein guter Anfang.'
];

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The superuser URL: --db-url, DATABASE_URL, or the local dev stack's. */
export async function localDbUrl(): Promise<string> {
	const explicit = arg('db-url') ?? process.env.DATABASE_URL;
	if (explicit) return explicit;
	const dataDir = process.env.STACK_DATA_DIR || join(ROOT, '.data');
	const secrets = JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8')) as {
		dbPassword: string;
	};
	const port = process.env.STACK_DB_PORT ?? '54322';
	return `postgres://postgres:${secrets.dbPassword}@127.0.0.1:${port}/postgres`;
}

function sqlArray(values: string[]): string {
	return `array[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')}]`;
}

export async function seedLarge(sql: Sql, opts: SeedLargeOptions): Promise<void> {
	const log = opts.log ?? ((line: string) => console.log(line));
	const batch = opts.batch ?? 5000;
	const started = Date.now();

	// Bench users: confirmed accounts sharing one (cheap) password hash.
	const [{ n: existing } = { n: 0 }] = await sql<{ n: number }[]>`
		select count(*)::int as n from auth.users where email like '%@bench.musterstadt.example'`;
	if (existing < opts.users) {
		await sql`
			insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
			                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
			select '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
			       'bench-' || lpad(g::text, 5, '0') || '@bench.musterstadt.example', h.hash, now(),
			       '{"provider": "email", "providers": ["email"]}'::jsonb,
			       jsonb_build_object('display_name', 'Bench ' || g), now(), now()
			from generate_series(${existing + 1}::int, ${opts.users}::int) g,
			     (select extensions.crypt('stadtidee-demo', extensions.gen_salt('bf', 4)) as hash) h`;
	}
	log(`seed:large: ${opts.users} bench users ready`);

	const fields = (await sql<{ slug: string }[]>`select slug from public.fields_of_action`).map(
		(r) => r.slug
	);
	const [box] = await sql<{ minx: number; miny: number; maxx: number; maxy: number }[]>`
		with b as (select box(s.boundary) as b from public.settings s)
		select (b[1])[0] as minx, (b[1])[1] as miny, (b[0])[0] as maxx, (b[0])[1] as maxy from b`;
	if (!box || box.minx === null) throw new Error('settings.boundary is empty: load the seed first');

	// The map-cell trigger would upsert nine cells per idea; rebuilding them once is far cheaper.
	await sql`alter table public.ideas disable trigger ideas_map_cells`;
	let done = 0;
	try {
		while (done < opts.ideas) {
			const n = Math.min(batch, opts.ideas - done);
			// Random points in the boundary's box, kept if inside the polygon (~3 of 4), enough of them.
			await sql.unsafe(`
			with users as (
				select array_agg(p.id) as ids from public.profiles p
				join auth.users u on u.id = p.id where u.email like '%@bench.musterstadt.example'
			), pts as (
				select ${box.minx} + random() * ${box.maxx - box.minx} as lng,
				       ${box.miny} + random() * ${box.maxy - box.miny} as lat,
				       random() as r1, random() as r2, random() as r3, random() as r4
				from generate_series(1, ${Math.ceil(n * 1.6)})
			), inside as (
				select pts.* from pts, public.settings s where s.boundary @> point(pts.lng, pts.lat) limit ${n}
			)
			insert into public.ideas (author_id, title, body, field_slug, lat, lng, status, status_reason,
			                          status_before_hidden, created_at)
			select users.ids[1 + floor(r1 * array_length(users.ids, 1))::int],
			       s.subject || ' ' || s.place || ' ' || s.action,
			       s.sentence1 || ' ' || s.sentence2,
			       (${sqlArray(fields)})[1 + floor(r2 * ${fields.length})::int],
			       lat, lng, st.status::public.idea_status,
			       case when st.status in ('declined', 'hidden') then 'Automatisch erzeugte Begründung.' end,
			       case when st.status = 'hidden' then 'published'::public.idea_status end,
			       now() - make_interval(days => floor(r3 * 700)::int)
			from inside, users,
			lateral (select
				(${sqlArray(SUBJECTS)})[1 + floor(random() * ${SUBJECTS.length} + r4 * 0)::int] as subject,
				(${sqlArray(PLACES)})[1 + floor(random() * ${PLACES.length} + r4 * 0)::int] as place,
				(${sqlArray(ACTIONS)})[1 + floor(random() * ${ACTIONS.length} + r4 * 0)::int] as action,
				(${sqlArray(SENTENCES)})[1 + floor(random() * ${SENTENCES.length} + r4 * 0)::int] as sentence1,
				(${sqlArray(SENTENCES)})[1 + floor(random() * ${SENTENCES.length} + r4 * 0)::int] as sentence2
			) s,
			lateral (select case
				when r4 < 0.10 then 'submitted' when r4 < 0.55 then 'published'
				when r4 < 0.67 then 'under_review' when r4 < 0.73 then 'accepted'
				when r4 < 0.78 then 'planned' when r4 < 0.84 then 'in_progress'
				when r4 < 0.90 then 'implemented' when r4 < 0.97 then 'declined' else 'hidden' end as status
			) st`);
			done += n;
			const secs = (Date.now() - started) / 1000;
			log(
				`seed:large: ${done.toLocaleString('en')} / ${opts.ideas.toLocaleString('en')} ideas (${secs.toFixed(0)} s)`
			);
		}
	} finally {
		await sql`alter table public.ideas enable trigger ideas_map_cells`;
	}
	log('seed:large: map cells …');
	await sql`select private.rebuild_idea_cells()`;

	if (opts.votesPerIdea > 0) {
		log('seed:large: votes …');
		// Set-based: counts are recomputed once instead of a trigger per vote.
		await sql.begin(async (tx) => {
			await tx`set local session_replication_role = replica`;
			await tx.unsafe(`
				with users as (
					select array_agg(p.id) as ids from public.profiles p
					join auth.users u on u.id = p.id where u.email like '%@bench.musterstadt.example'
				)
				insert into public.votes (idea_id, user_id)
				select i.id, users.ids[1 + floor(random() * array_length(users.ids, 1))::int]
				from public.ideas i, users,
				     generate_series(1, floor(random() * ${opts.votesPerIdea * 2 + 1})::int)
				where i.status in ('published', 'under_review', 'accepted', 'planned', 'in_progress', 'implemented')
				  and not exists (select 1 from public.votes v where v.idea_id = i.id)
				on conflict do nothing`);
		});
		await sql`
			update public.ideas i set vote_count = c.n
			from (select idea_id, count(*)::int as n from public.votes group by idea_id) c
			where c.idea_id = i.id and i.vote_count <> c.n`;
		// The trend scores of the "trending" order, which the votes trigger would have kept.
		await sql`select private.rebuild_idea_support()`;
	}
	log('seed:large: vacuum analyze …');
	await sql`vacuum (analyze) public.ideas`;
	await sql`vacuum (analyze) public.votes`;
	await sql`vacuum (analyze) private.idea_support`;
	await sql`vacuum (analyze) private.idea_cells`;
	await sql`vacuum (analyze) private.idea_facet_cells`;
	const [{ total } = { total: 0 }] = await sql<
		{ total: number }[]
	>`select count(*)::int as total from public.ideas`;
	log(
		`seed:large: done in ${((Date.now() - started) / 1000).toFixed(0)} s; ${total.toLocaleString('en')} ideas in the database`
	);
}

async function main(): Promise<void> {
	const ideas = Number(arg('ideas') ?? 100_000);
	const users = Number(arg('users') ?? 2000);
	const votesPerIdea = Number(arg('votes-per-idea') ?? 3);
	if (!Number.isInteger(ideas) || ideas < 1 || !Number.isInteger(users) || users < 1) {
		console.error(
			'usage: npm run seed:large -- --ideas 100000 [--users 2000] [--votes-per-idea 3] [--db-url URL]'
		);
		process.exit(2);
	}
	const sql = postgres(await localDbUrl(), { max: 1, onnotice: () => {} });
	try {
		await seedLarge(sql, { ideas, users, votesPerIdea });
	} finally {
		await sql.end();
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	main().catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
}
