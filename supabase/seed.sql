-- Demo data for Musterstadt, applied once to a fresh database (local stack and `supabase db push
-- --include-seed`). Never run against production.
--
-- Musterstadt is fictional; it is placed on real coordinates (around 50.55° N, 9.68° E) so the map
-- has streets under it. Everything here is deterministic (fixed ids, hash-based "random" votes),
-- so every fresh database gets the same rows.

insert into public.fields_of_action (slug, name_de, name_en, description_de, description_en, colour, icon, position) values
  ('verwaltung', 'Bürgerservice & Verwaltung', 'Citizen services & administration',
   'Behördengänge online, Termine, Anträge und Auskünfte.', 'Online services, appointments, applications and information.', '#005a8c', 'landmark', 1),
  ('bildung', 'Bildung & Schule', 'Education & schools',
   'Schulen, Bibliotheken, Weiterbildung und digitale Kompetenzen.', 'Schools, libraries, further education and digital skills.', '#7a4ea3', 'school', 2),
  ('mobilitaet', 'Mobilität & Verkehr', 'Mobility & transport',
   'Bus und Bahn, Rad- und Fußverkehr, Parken, Verkehrssteuerung.', 'Public transport, cycling and walking, parking, traffic control.', '#b3541e', 'bus', 3),
  ('wirtschaft', 'Wirtschaft & Standort', 'Economy & business location',
   'Was Betriebe und Handel vor Ort digital brauchen.', 'What local businesses and retail need digitally.', '#8a6d00', 'briefcase', 4),
  ('infrastruktur', 'Netze & digitale Infrastruktur (Breitband, Mobilfunk, WLAN)', 'Networks & digital infrastructure',
   'Glasfaser, Mobilfunk, öffentliches WLAN.', 'Fibre, mobile coverage, public Wi-Fi.', '#1f6f8b', 'wifi', 5),
  ('gesundheit', 'Gesundheit & Pflege', 'Health & care',
   'Versorgung, Pflege, Notfall und Prävention.', 'Care, nursing, emergencies and prevention.', '#b0263f', 'heart-pulse', 6),
  ('soziales', 'Soziales & Teilhabe', 'Social affairs & inclusion',
   'Teilhabe, Barrierefreiheit, Hilfe für alle Generationen.', 'Inclusion, accessibility, help for all generations.', '#a13a76', 'users', 7),
  ('umwelt', 'Umwelt, Klima & Energie', 'Environment, climate & energy',
   'Klimaschutz, Energie, Grünflächen und Abfall.', 'Climate, energy, green spaces and waste.', '#2e7d32', 'leaf', 8),
  ('kultur', 'Kultur, Freizeit & Tourismus', 'Culture, leisure & tourism',
   'Museen, Vereine, Veranstaltungen und Gäste.', 'Museums, clubs, events and visitors.', '#6a4c93', 'theater', 9),
  ('sicherheit', 'Sicherheit & Ordnung', 'Safety & public order',
   'Warnung, Ordnung, Fundsachen und Meldungen.', 'Warnings, public order, lost property and reports.', '#4a5560', 'shield', 10),
  ('beteiligung', 'Beteiligung & Open Government', 'Participation & open government',
   'Offene Daten, Transparenz und Mitbestimmung.', 'Open data, transparency and participation.', '#00796b', 'megaphone', 11),
  ('stadtentwicklung', 'Stadtentwicklung, Bauen & Wohnen', 'Urban development & housing',
   'Planen, Bauen, Wohnen und Quartiere.', 'Planning, building, housing and neighbourhoods.', '#795548', 'building', 12);

-- The municipality.
update public.settings set
  municipality_name = 'Musterstadt',
  primary_colour = '#005a8c',
  accent_colour = '#b3541e',
  logo_url = '/logo-musterstadt.svg',
  contact_email = 'digitales@musterstadt.example',
  accessibility_contact_email = 'barrierefreiheit@musterstadt.example',
  map_center_lat = 50.5530,
  map_center_lng = 9.6780,
  map_zoom = 13,
  map_min_zoom = 11,
  boundary = '((9.678,50.618),(9.75,50.6),(9.78,50.553),(9.745,50.502),(9.68,50.488),(9.605,50.505),(9.575,50.556),(9.61,50.602))',
  impressum_md = E'# Impressum\n\nStadt Musterstadt (fiktive Demo-Kommune)\nMarktplatz 1, 00000 Musterstadt\n\nVertreten durch die Bürgermeisterin.\nE-Mail: digitales@musterstadt.example\n\nAngaben gemäß § 5 DDG. Dies ist eine Demo-Installation von Stadtidee.',
  datenschutz_md = E'# Datenschutz\n\nWir speichern nur, was für die Beteiligung nötig ist: Ihre E-Mail-Adresse (nie öffentlich), einen frei gewählten Anzeigenamen, Ihre Ideen und Kommentare. Wer welche Idee unterstützt, sieht niemand außer Ihnen – öffentlich sind nur die Zahlen.\n\nSie können alle Ihre Daten unter „Konto“ herunterladen und Ihr Konto jederzeit löschen. Veröffentlichte Ideen bleiben dann ohne Namen erhalten.\n\nKartenkacheln lädt Ihr Browser von basemap.de (BKG). Es gibt keine Schriften oder Skripte von Dritten.',
  barrierefreiheit_md = E'# Erklärung zur Barrierefreiheit\n\nDie Stadt Musterstadt ist bemüht, Stadtidee im Einklang mit der BITV 2.0 barrierefrei zugänglich zu machen (WCAG 2.1 AA nach EN 301 549).\n\n## Feedback und Kontakt\n\nSind Ihnen Mängel aufgefallen? Schreiben Sie an barrierefreiheit@musterstadt.example.\n\n## Schlichtungsverfahren\n\nBleibt Ihre Rückmeldung ohne Antwort, können Sie sich an die Schlichtungsstelle Ihres Landes wenden.',
  leichte_sprache_md = E'# Stadtidee in Leichter Sprache\n\nHier können Sie der Stadt sagen:\nDas wünsche ich mir.\nZum Beispiel: Internet in der Schule.\n\nSie können Ideen von anderen unterstützen.\nDann weiß die Stadt: Das ist vielen Menschen wichtig.\n\nDie Stadt schreibt bei jeder Idee:\nDas machen wir damit.';

insert into public.districts (slug, name, area, position) values
  ('altstadt', 'Altstadt', '((9.678,50.5712),(9.6982,50.5662),(9.7066,50.553),(9.6968,50.5387),(9.6786,50.5348),(9.6576,50.5396),(9.6492,50.5538),(9.659,50.5667))', 1),
  ('nordstadt', 'Nordstadt', '((9.678,50.5712),(9.6982,50.5662),(9.75,50.6),(9.678,50.618))', 2),
  ('lindenau', 'Lindenau', '((9.6982,50.5662),(9.7066,50.553),(9.78,50.553),(9.75,50.6))', 3),
  ('ostend', 'Ostend', '((9.7066,50.553),(9.6968,50.5387),(9.745,50.502),(9.78,50.553))', 4),
  ('suedstadt', 'Südstadt', '((9.6968,50.5387),(9.6786,50.5348),(9.68,50.488),(9.745,50.502))', 5),
  ('muehlbach', 'Mühlbach', '((9.6786,50.5348),(9.6576,50.5396),(9.605,50.505),(9.68,50.488))', 6),
  ('weststadt', 'Weststadt', '((9.6576,50.5396),(9.6492,50.5538),(9.575,50.556),(9.605,50.505))', 7),
  ('hohenwiese', 'Hohenwiese', '((9.6492,50.5538),(9.659,50.5667),(9.61,50.602),(9.575,50.556))', 8),
  ('kaiserberg', 'Am Kaiserberg', '((9.659,50.5667),(9.678,50.5712),(9.678,50.618),(9.61,50.602))', 9);

insert into public.departments (slug, name, short_name, email) values
  ('digitalbuero', 'Stabsstelle Digitalisierung', 'Digitalbüro', 'digitales@musterstadt.example'),
  ('buergerservice', 'Fachbereich Bürgerservice und Ordnung', 'FB 1', 'buergerservice@musterstadt.example'),
  ('tiefbau', 'Fachbereich Tiefbau, Verkehr und Umwelt', 'FB 5', 'tiefbau@musterstadt.example'),
  ('schule-soziales', 'Fachbereich Schule, Jugend und Soziales', 'FB 3', 'schule@musterstadt.example'),
  ('wirtschaft', 'Wirtschaftsförderung und Stadtmarketing', 'WiFö', 'wirtschaft@musterstadt.example');

-- Demo accounts (password for all: stadtidee-demo). Listed in README.md.
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
select '00000000-0000-0000-0000-000000000000', d.id, 'authenticated', 'authenticated', d.email,
       extensions.crypt('stadtidee-demo', extensions.gen_salt('bf', 10)), now(),
       '{"provider": "email", "providers": ["email"]}'::jsonb,
       jsonb_build_object('display_name', d.display_name), now(), now()
from (values
  ('00000000-0000-4000-a000-000000000001'::uuid, 'buergerin@musterstadt.example', 'Anna aus der Altstadt'),
  ('00000000-0000-4000-a000-000000000002'::uuid, 'betrieb@musterstadt.example', 'Bäckerei Korn'),
  ('00000000-0000-4000-a000-000000000003'::uuid, 'moderation@musterstadt.example', 'Moderation Musterstadt'),
  ('00000000-0000-4000-a000-000000000004'::uuid, 'verwaltung@musterstadt.example', 'Digitalbüro Musterstadt'),
  ('00000000-0000-4000-a000-000000000005'::uuid, 'admin@musterstadt.example', 'Administration')
) as d (id, email, display_name);

update public.profiles set kind = 'business', organization = 'Bäckerei Korn GmbH', sector = 'Lebensmittelhandwerk'
 where id = '00000000-0000-4000-a000-000000000002';
update public.profiles set role = 'moderator' where id = '00000000-0000-4000-a000-000000000003';
update public.profiles set role = 'staff' where id = '00000000-0000-4000-a000-000000000004';
update public.profiles set role = 'admin' where id = '00000000-0000-4000-a000-000000000005';

-- Neighbours who wrote the demo ideas (same password; not listed as demo accounts).
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
select '00000000-0000-0000-0000-000000000000', n.id, 'authenticated', 'authenticated', n.email,
       (select extensions.crypt('stadtidee-demo', extensions.gen_salt('bf', 10))), now(),
       '{"provider": "email", "providers": ["email"]}'::jsonb,
       jsonb_build_object('display_name', n.display_name) || coalesce(n.business, '{}'::jsonb), now(), now()
from (values
  ('00000000-0000-4000-a000-000000000011'::uuid, 'jonas@nachbarn.musterstadt.example', 'Jonas M.', null::jsonb),
  ('00000000-0000-4000-a000-000000000012'::uuid, 'leonie@nachbarn.musterstadt.example', 'Leonie aus Lindenau', null),
  ('00000000-0000-4000-a000-000000000013'::uuid, 'yilmaz@nachbarn.musterstadt.example', 'Familie Yilmaz', null),
  ('00000000-0000-4000-a000-000000000014'::uuid, 'rad-ost@nachbarn.musterstadt.example', 'Radfahrer_Ost', null),
  ('00000000-0000-4000-a000-000000000015'::uuid, 'gerd@nachbarn.musterstadt.example', 'Opa Gerd', null),
  ('00000000-0000-4000-a000-000000000016'::uuid, 'mara@nachbarn.musterstadt.example', 'Mara S.', null),
  ('00000000-0000-4000-a000-000000000017'::uuid, 'eltern-muehlbach@nachbarn.musterstadt.example', 'Elternvertreterin Mühlbach', null),
  ('00000000-0000-4000-a000-000000000018'::uuid, 'tobias@nachbarn.musterstadt.example', 'Tobias K.', null),
  ('00000000-0000-4000-a000-000000000019'::uuid, 'weber@nachbarn.musterstadt.example', 'Sanitär Weber',
   '{"kind": "business", "organization": "Sanitär Weber GmbH", "sector": "Handwerk"}'),
  ('00000000-0000-4000-a000-000000000020'::uuid, 'hofladen@nachbarn.musterstadt.example', 'Hofladen Sonnenwiese',
   '{"kind": "business", "organization": "Hofladen Sonnenwiese", "sector": "Landwirtschaft und Direktvermarktung"}'),
  ('00000000-0000-4000-a000-000000000021'::uuid, 'pixelwerk@nachbarn.musterstadt.example', 'Studio Pixelwerk',
   '{"kind": "business", "organization": "Studio Pixelwerk UG", "sector": "Medien und IT-Dienstleistungen"}'),
  ('00000000-0000-4000-a000-000000000022'::uuid, 'helga@nachbarn.musterstadt.example', 'Helga B.', null)
) as n (id, email, display_name, business);

-- About 60 ideas in every status, spread over districts and fields. Position: the district's
-- centre plus a small offset; the district itself is derived by the database.
insert into public.ideas (id, author_id, kind, need_type, title, body, field_slug, lat, lng, status,
                          status_reason, status_before_hidden, merged_into, created_at)
select ('00000000-0000-4000-b000-0000000000' || lpad(i.n::text, 2, '0'))::uuid,
       ('00000000-0000-4000-a000-0000000000' || lpad(i.author::text, 2, '0'))::uuid,
       case when i.need is null then 'idea' else 'location_need' end::public.idea_kind,
       i.need::public.need_type, i.title, i.body, i.field,
       (@@ d.area)[1] + ((i.n * 53) % 9 - 4) * 0.0006,
       (@@ d.area)[0] + ((i.n * 37) % 9 - 4) * 0.0009,
       i.status::public.idea_status,
       i.reason,
       case when i.status = 'hidden' then 'published'::public.idea_status end,
       case when i.merged_into is not null
            then ('00000000-0000-4000-b000-0000000000' || lpad(i.merged_into::text, 2, '0'))::uuid end,
       now() - make_interval(days => 10 + (i.n * 7) % 170)
from (values
  (1, 'altstadt', 'verwaltung', null, 'in_progress', 1, 'Online-Terminbuchung fürs Bürgerbüro',
   'Für einen neuen Personalausweis muss man morgens anrufen und hoffen, dass man durchkommt. Eine Online-Terminbuchung mit Erinnerung per E-Mail würde allen Zeit sparen – auch den Kolleginnen und Kollegen am Telefon.', null, null),
  (2, 'altstadt', 'infrastruktur', null, 'accepted', 11, 'Freies WLAN auf dem Marktplatz',
   'Auf dem Marktplatz und rund um den Brunnen gibt es kaum Mobilfunkempfang. Ein offenes WLAN würde Besucherinnen, Händlern und dem Wochenmarkt helfen.', null, null),
  (3, 'nordstadt', 'mobilitaet', null, 'published', 14, 'Echtzeitanzeige an der Haltestelle Nordfriedhof',
   'Die Busse der Linie 3 kommen oft verspätet. Eine digitale Anzeige mit den tatsächlichen Abfahrtszeiten würde das Warten im Winter erträglicher machen.', null, null),
  (4, 'suedstadt', 'bildung', null, 'under_review', 17, 'Tablets für die Grundschule Südstadt',
   'In der Grundschule teilen sich 24 Kinder fünf alte Laptops. Mit einem Klassensatz Tablets und einer festen Ansprechperson für die Technik könnten die Kinder regelmäßig digital lernen.', null, null),
  (5, 'lindenau', 'infrastruktur', 'breitband', 'under_review', 19, 'Glasfaser für das Gewerbegebiet Lindenau',
   'Unser Betrieb hat nur 16 Mbit/s. Pläne und Angebote per E-Mail zu verschicken dauert ewig, Videoberatung mit Kunden ist kaum möglich. Mehrere Nachbarbetriebe haben dasselbe Problem.', null, null),
  (6, 'ostend', 'mobilitaet', null, 'planned', 18, 'Sichere Fahrradboxen am Bahnhof Ost',
   'Am Bahnhof Ost werden regelmäßig Fahrräder gestohlen. Abschließbare Fahrradboxen, die man online oder mit der Bürgerkarte bucht, würden mehr Menschen zum Umsteigen bewegen.', null, null),
  (7, 'weststadt', 'umwelt', null, 'submitted', 16, 'Sensoren für die Bewässerung der Stadtbäume',
   'Im Sommer vertrocknen in der Weststadt viele junge Bäume. Bodenfeuchtesensoren könnten zeigen, welche Bäume wirklich Wasser brauchen, und Baumpatenschaften ließen sich über eine Karte koordinieren.', null, null),
  (8, 'altstadt', 'kultur', null, 'implemented', 12, 'Digitaler Stadtrundgang mit Audioguide',
   'Gäste fragen oft nach Führungen außerhalb der Öffnungszeiten. Ein Audioguide im Browser mit QR-Codes an den Sehenswürdigkeiten wäre jederzeit nutzbar, auch auf Englisch.', null, null),
  (9, 'muehlbach', 'soziales', null, 'published', 22, 'Digitalsprechstunde für Seniorinnen und Senioren',
   'Viele Ältere trauen sich nicht an Online-Banking oder Videotelefonie. Eine wöchentliche Sprechstunde im Bürgerhaus mit geduldigen Ehrenamtlichen wäre eine große Hilfe.', null, null),
  (10, 'nordstadt', 'infrastruktur', 'mobilfunk', 'published', 20, 'Funkloch an der Landstraße nach Norden',
   'Zwischen unserem Hofladen und dem Ortseingang bricht jedes Telefonat ab. Kartenzahlung funktioniert nur mit Glück, Lieferanten erreichen uns nicht.', null, null),
  (11, 'hohenwiese', 'sicherheit', null, 'declined', 15, 'Videoüberwachung am Spielplatz Hohenwiese',
   'Nach mehreren Sachbeschädigungen am Spielplatz wünsche ich mir Kameras, die nachts aufzeichnen.',
   'Eine Videoüberwachung öffentlicher Spielplätze ist datenschutzrechtlich nicht zulässig. Wir haben stattdessen die Beleuchtung verbessert, und das Ordnungsamt kommt abends häufiger vorbei.', null),
  (12, 'altstadt', 'beteiligung', null, 'accepted', 1, 'Ratsinformationen verständlich aufbereiten',
   'Die Sitzungsunterlagen des Stadtrats sind lange PDF-Dateien. Kurze Zusammenfassungen in einfacher Sprache und eine gute Suche würden mehr Menschen an der Kommunalpolitik teilhaben lassen.', null, null),
  (13, 'kaiserberg', 'gesundheit', null, 'published', 13, 'Übersicht über freie Kita- und Pflegeplätze',
   'Als Familie mit pflegebedürftiger Oma und Kleinkind telefonieren wir ständig Einrichtungen ab. Eine tagesaktuelle Übersicht freier Plätze würde enorm entlasten.', null, null),
  (14, 'suedstadt', 'mobilitaet', null, 'under_review', 14, 'Smarte Ampeln für Radfahrende an der Südbrücke',
   'An der Südbrücke steht man als Radfahrer an jeder Ampel. Eine Erkennung von Radfahrenden mit Grüner Welle auf der Hauptroute wäre ein echter Gewinn.', null, null),
  (15, 'lindenau', 'wirtschaft', 'e_services', 'planned', 2, 'Gewerbeanmeldung komplett online',
   'Für die Anmeldung unserer Filiale mussten wir dreimal ins Rathaus. Gewerbeanmeldung, Ummeldung und Gaststättenerlaubnis sollten vollständig online gehen, mit Statusanzeige.', null, null),
  (16, 'altstadt', 'wirtschaft', 'sichtbarkeit', 'published', 2, 'Gemeinsamer Online-Marktplatz für die Altstadt',
   'Viele kleine Läden haben keinen eigenen Onlineshop. Ein gemeinsamer lokaler Marktplatz mit Abholung im Laden würde die Altstadt gegenüber den großen Versandhändlern stärken.', null, null),
  (17, 'ostend', 'umwelt', null, 'published', 18, 'Füllstandssensoren für Glascontainer',
   'Die Glascontainer am Ostendplatz quellen am Wochenende über. Sensoren könnten die Leerung planen, bevor Scherben auf dem Gehweg liegen.', null, null),
  (18, 'weststadt', 'verwaltung', null, 'in_progress', 16, 'Sperrmüll online anmelden',
   'Die Sperrmüllanmeldung geht nur per Postkarte oder Telefon. Ein Online-Formular mit Terminauswahl wäre zeitgemäß.', null, null),
  (19, 'nordstadt', 'bildung', null, 'submitted', 11, 'Makerspace in der Stadtbibliothek',
   'Ein Raum mit 3D-Drucker, Lötstation und Lasercutter, in dem Jugendliche und Erwachsene gemeinsam tüfteln können, würde die Bibliothek beleben.', null, null),
  (20, 'muehlbach', 'mobilitaet', null, 'published', 22, 'Rufbus per App und Telefon bestellen',
   'Abends fährt nach Mühlbach kein Bus mehr. Ein Rufbus, den man per App, aber auch per Telefon bestellen kann, würde gerade Älteren die Teilhabe sichern.', null, null),
  (21, 'hohenwiese', 'infrastruktur', null, 'published', 15, 'Mobilfunkmast für die obere Hohenwiese',
   'Im oberen Teil der Hohenwiese haben wir in den Häusern kein Netz. Notrufe sind so kaum möglich.', null, null),
  (22, 'altstadt', 'stadtentwicklung', null, 'under_review', 12, 'Bauanträge digital einreichen',
   'Architektinnen und Bauherren sollten Bauanträge online einreichen und den Bearbeitungsstand einsehen können, statt Ordner voller Pläne abzugeben.', null, null),
  (23, 'kaiserberg', 'kultur', null, 'published', 13, 'Veranstaltungskalender für alle Vereine',
   'Jeder Verein pflegt seine Termine woanders. Ein gemeinsamer Kalender der Stadt, in den Vereine selbst eintragen, würde Überschneidungen vermeiden.', null, null),
  (24, 'ostend', 'sicherheit', null, 'accepted', 18, 'Lokale Warnungen bei Unwetter und Hochwasser',
   'Beim letzten Starkregen stand die Unterführung Ost unter Wasser, ohne dass jemand gewarnt wurde. Lokale Warnungen per App und SMS sollten Standard sein.', null, null),
  (25, 'lindenau', 'infrastruktur', 'breitband', 'merged', 21, 'Schnelles Internet im Gewerbepark Lindenau',
   'Als Agentur brauchen wir symmetrische Bandbreite für große Videodateien. Im Gewerbepark gibt es nur Kupferleitungen.',
   'Gleiches Anliegen wie „Glasfaser für das Gewerbegebiet Lindenau“ – wir führen beide zusammen.', 5),
  (26, 'suedstadt', 'soziales', null, 'published', 17, 'Barrierefreie Website der Stadt',
   'Mit Screenreader ist die Website der Stadt kaum zu bedienen, Formulare haben keine Beschriftungen. Barrierefreiheit nach BITV sollte selbstverständlich sein.', null, null),
  (27, 'weststadt', 'mobilitaet', null, 'implemented', 16, 'Freie Parkplätze am Klinikum anzeigen',
   'Rund ums Klinikum kreisen Besucher auf der Suche nach einem Parkplatz. Eine Anzeige freier Plätze am Ortseingang würde den Suchverkehr reduzieren.', null, null),
  (28, 'nordstadt', 'verwaltung', null, 'declined', 11, 'Eigene Stadt-App statt Website',
   'Ich wünsche mir eine eigene App der Stadt für alle Dienste, mit Push-Nachrichten.',
   'Wir setzen auf eine mobil optimierte Website, die ohne Installation funktioniert und barrierefrei ist. Eine zusätzliche App würde doppelte Pflege bedeuten. Benachrichtigungen bietet die Website trotzdem an.', null),
  (29, 'muehlbach', 'bildung', null, 'in_progress', 17, 'WLAN in allen Klassenräumen der Gesamtschule',
   'In der Gesamtschule Mühlbach gibt es WLAN nur im Lehrerzimmer. Digitale Unterrichtsmaterialien lassen sich so nicht nutzen.', null, null),
  (30, 'hohenwiese', 'umwelt', null, 'published', 15, 'Solarkataster für jedes Dach',
   'Eine Karte, die für jedes Dach zeigt, ob sich eine Solaranlage lohnt, würde viele Hausbesitzer zum Handeln bringen.', null, null),
  (31, 'altstadt', 'beteiligung', null, 'published', 1, 'Offene Daten zum städtischen Haushalt',
   'Der Haushalt sollte als interaktive Grafik und als offene Daten im Netz stehen, damit alle nachvollziehen können, wofür Geld ausgegeben wird.', null, null),
  (32, 'kaiserberg', 'mobilitaet', null, 'published', 13, 'Carsharing-Station am Kaiserberg',
   'Viele Familien am Kaiserberg brauchen nur selten ein zweites Auto. Eine Carsharing-Station mit Onlinebuchung würde Platz und Geld sparen.', null, null),
  (33, 'ostend', 'kultur', null, 'submitted', 18, 'Stadtarchiv digitalisieren',
   'Alte Fotos und Zeitungen aus dem Stadtarchiv sollten digitalisiert und online durchsuchbar sein.', null, null),
  (34, 'lindenau', 'wirtschaft', 'logistik', 'published', 19, 'Buchbare Ladezonen in der Lindenauer Straße',
   'Handwerker und Lieferdienste finden keinen Platz zum Be- und Entladen. Buchbare Ladezonen mit Sensor würden Falschparken und Stress verringern.', null, null),
  (35, 'suedstadt', 'gesundheit', null, 'under_review', 22, 'Telemedizin im Stadtteilzentrum Süd',
   'Seit die Hausarztpraxis in der Südstadt geschlossen hat, fahren Ältere weit. Eine Telemedizin-Station mit Unterstützung durch eine Pflegekraft wäre ein Anfang.', null, null),
  (36, 'weststadt', 'verwaltung', null, 'accepted', 16, 'Hundesteuer online an- und abmelden',
   'Die Anmeldung eines Hundes sollte ohne Behördengang möglich sein – mit Zahlung und digitaler Steuermarke.', null, null),
  (37, 'nordstadt', 'sicherheit', null, 'published', 14, 'Defekte Straßenlaternen online melden',
   'Auf dem Weg zum Nordfriedhof sind mehrere Laternen dunkel. Eine einfache Meldung mit Karte und Rückmeldung, wann repariert wird, wäre super.', null, null),
  (38, 'muehlbach', 'infrastruktur', null, 'planned', 22, 'Glasfaser für den Ortskern Mühlbach',
   'Der alte Ortskern von Mühlbach wurde beim Ausbau vergessen. Homeoffice ist mit unserer Leitung unmöglich.', null, null),
  (39, 'hohenwiese', 'soziales', null, 'published', 15, 'Nachbarschaftsplattform für Hilfe im Alltag',
   'Eine Plattform, auf der Nachbarn Einkaufshilfe, Werkzeug oder Fahrdienste anbieten, würde den Zusammenhalt stärken.', null, null),
  (40, 'altstadt', 'wirtschaft', 'sichtbarkeit', 'hidden', 21, 'Die besten Angebote der Stadt!!!',
   'Besuchen Sie unsere Website für die besten Angebote! Rabattcode MUSTER20.',
   'Werbung für einzelne Unternehmen ist hier nicht erlaubt. Beschreiben Sie gern, was Ihr Standort digital braucht.', null),
  (41, 'kaiserberg', 'bildung', null, 'under_review', 13, 'Digitale Elternbriefe statt Zettelwirtschaft',
   'Elternbriefe gehen im Ranzen verloren. Eine datenschutzfreundliche Lösung für Nachrichten und Krankmeldungen würde Eltern und Lehrkräften helfen.', null, null),
  (42, 'ostend', 'mobilitaet', null, 'published', 18, 'Fahrplanauskunft in Leichter Sprache',
   'Die Fahrplanauskunft ist für Menschen mit Lernschwierigkeiten zu kompliziert. Eine Version in Leichter Sprache mit Bildern würde helfen.', null, null),
  (43, 'lindenau', 'infrastruktur', 'mobilfunk', 'under_review', 2, 'Kein Netz für Kartenzahlung in der Filiale Lindenau',
   'Unsere Filiale in Lindenau hat im Verkaufsraum kaum Empfang. Die Kartenterminals brechen ab, die Kundschaft muss bar zahlen.', null, null),
  (44, 'suedstadt', 'umwelt', null, 'submitted', 17, 'Energieverbrauch städtischer Gebäude veröffentlichen',
   'Ein Dashboard mit dem Energieverbrauch von Schulen und Verwaltungsgebäuden würde zeigen, wo eine Sanierung am meisten bringt.', null, null),
  (45, 'weststadt', 'gesundheit', null, 'published', 16, 'Defibrillatoren auf einer Karte',
   'Im Notfall weiß niemand, wo der nächste Defibrillator hängt. Eine Karte mit allen Standorten wäre lebensrettend.', null, null),
  (46, 'nordstadt', 'stadtentwicklung', null, 'implemented', 11, 'Bebauungspläne online einsehen',
   'Bebauungspläne sollten als Karte im Netz stehen und nicht nur im Rathaus ausliegen.', null, null),
  (47, 'muehlbach', 'beteiligung', null, 'published', 22, 'Bürgerhaushalt mit Online-Abstimmung',
   'Ein Teil des Haushalts sollte jedes Jahr von den Bürgerinnen und Bürgern verteilt werden – online und auf Papier.', null, null),
  (48, 'hohenwiese', 'mobilitaet', null, 'in_progress', 15, 'Schlauere Ampel am Schulweg Hohenwiese',
   'Die Ampel an der Hohenwiesenschule schaltet viel zu langsam, Kinder laufen bei Rot. Eine Anforderung per Sensor würde helfen.', null, null),
  (49, 'altstadt', 'kultur', null, 'planned', 12, 'Museumstickets online kaufen',
   'Für das Stadtmuseum gibt es Tickets nur an der Kasse. Online-Tickets mit Zeitfenster würden Schlangen vermeiden.', null, null),
  (50, 'kaiserberg', 'infrastruktur', null, 'published', 13, 'WLAN im Freibad am Kaiserberg',
   'Im Freibad gibt es kaum Empfang. Ein WLAN würde auch die Kartenzahlung am Kiosk ermöglichen.', null, null),
  (51, 'ostend', 'wirtschaft', 'fachkraefte', 'published', 19, 'Digitalkurse für Handwerksbetriebe',
   'Wir finden kaum Azubis mit digitalen Grundkenntnissen. Kurse an der Volkshochschule, zugeschnitten auf Handwerk und Kundendienst, würden helfen.', null, null),
  (52, 'lindenau', 'verwaltung', null, 'submitted', 12, 'Wohngeld online beantragen',
   'Der Wohngeldantrag ist lang und kompliziert. Ein Online-Antrag mit Hilfetexten und Upload der Nachweise wäre eine große Erleichterung.', null, null),
  (53, 'suedstadt', 'mobilitaet', null, 'merged', 14, 'Grüne Welle für Fahrräder auf der Südroute',
   'Auf der Südroute sollte es eine Grüne Welle für Radfahrende geben, wie in Kopenhagen.',
   'Dasselbe Anliegen wird unter „Smarte Ampeln für Radfahrende an der Südbrücke“ geprüft.', 14),
  (54, 'weststadt', 'soziales', null, 'implemented', 16, 'Kostenlose Computerkurse in der Bibliothek',
   'In der Stadtbibliothek könnte es regelmäßig kostenlose Kurse zu Smartphone, E-Mail und Online-Formularen geben.', null, null),
  (55, 'nordstadt', 'umwelt', null, 'published', 11, 'Wilde Müllablagerungen mit Foto melden',
   'Am Waldrand in der Nordstadt wird regelmäßig Müll abgeladen. Eine Meldung mit Foto und Standort würde die Beseitigung beschleunigen.', null, null),
  (56, 'muehlbach', 'wirtschaft', 'breitband', 'published', 20, 'Glasfaser für die Höfe am Ortsrand',
   'Unsere Melkroboter und die Direktvermarktung brauchen stabiles Internet. Die Höfe am Ortsrand von Mühlbach sind nicht angeschlossen.', null, null),
  (57, 'hohenwiese', 'verwaltung', null, 'declined', 15, 'Faxnummern aller Ämter erhalten',
   'Bitte behalten Sie die Faxnummern bei, nicht jeder hat Internet.',
   'Alle Ämter bleiben telefonisch, per Post und persönlich erreichbar. Die Faxgeräte werden abgeschaltet, weil sie nicht mehr sicher betrieben werden können.', null),
  (58, 'kaiserberg', 'sicherheit', null, 'submitted', 13, 'Fundsachen online suchen',
   'Verlorene Sachen sollte man online im Fundbüro suchen können, statt anzurufen.', null, null),
  (59, 'altstadt', 'mobilitaet', null, 'published', 1, 'Parkgebühren per Handy bezahlen',
   'In der Altstadt braucht man Kleingeld für den Parkautomaten. Handyparken würde auch das Verlängern von unterwegs ermöglichen.', null, null),
  (60, 'ostend', 'gesundheit', null, 'declined', 18, 'Gesundheitsdaten in einer Stadt-App speichern',
   'Alle Impfungen und Befunde sollten in einer App der Stadt gespeichert werden.',
   'Gesundheitsdaten gehören in die elektronische Patientenakte der Krankenkassen, nicht zur Stadt. In der Digitalsprechstunde erklären wir gern, wie die ePA funktioniert.', null)
) as i (n, district, field, need, status, author, title, body, reason, merged_into)
join public.districts d on d.slug = i.district
order by i.merged_into nulls first, i.n;

-- Triage of the ideas the administration is working on.
update public.ideas i set
  department_id = (select dep.id from public.departments dep where dep.slug = case
    when i.field_slug in ('verwaltung', 'sicherheit') then 'buergerservice'
    when i.field_slug in ('mobilitaet', 'umwelt', 'stadtentwicklung') then 'tiefbau'
    when i.field_slug in ('bildung', 'soziales', 'gesundheit') then 'schule-soziales'
    when i.field_slug = 'wirtschaft' then 'wirtschaft'
    else 'digitalbuero' end),
  assignee_id = '00000000-0000-4000-a000-000000000004',
  priority = (array['low', 'medium', 'high', 'urgent']::public.idea_priority[])[1 + (right(i.id::text, 2)::int % 4)],
  tags = case when i.kind = 'location_need' then '{gewerbe}'::text[] else '{}'::text[] end
where i.status in ('under_review', 'accepted', 'planned', 'in_progress');

-- Supports: each neighbour and demo account supports some ideas, chosen by a hash (stable, so
-- every fresh database gets the same votes). Popular ideas get more.
insert into public.votes (idea_id, user_id, created_at)
select i.id, p.id, i.created_at + interval '2 days'
from public.ideas i
cross join public.profiles p
where i.status not in ('submitted', 'hidden', 'merged')
  and ('x' || substr(md5(i.id::text || p.id::text), 1, 7))::bit(28)::int % 100
      < 15 + (right(i.id::text, 2)::int * 29) % 70;

-- Comments.
insert into public.comments (id, idea_id, author_id, body, created_at)
select ('00000000-0000-4000-c000-0000000000' || lpad(c.n::text, 2, '0'))::uuid,
       ('00000000-0000-4000-b000-0000000000' || lpad(c.idea::text, 2, '0'))::uuid,
       ('00000000-0000-4000-a000-0000000000' || lpad(c.author::text, 2, '0'))::uuid,
       c.body, now() - make_interval(days => c.days)
from (values
  (1, 1, 22, 'Unbedingt! Ich habe letzte Woche eine Stunde in der Warteschleife verbracht.', 40),
  (2, 1, 13, 'Bitte auch mit Telefon-Option für alle, die kein Internet haben.', 38),
  (3, 1, 4, 'Danke für die vielen Hinweise. Die Terminbuchung geht im Frühjahr in den Testbetrieb.', 20),
  (4, 2, 18, 'Wäre auch für die Touristen-Info am Markt super.', 60),
  (5, 2, 15, 'Hauptsache, es ist kostenlos und ohne komplizierte Anmeldung.', 58),
  (6, 3, 11, 'Gleiches Problem an der Haltestelle Schillerplatz.', 30),
  (7, 4, 13, 'Unsere Kinder gehen auch dort hin – die Laptops sind wirklich uralt.', 70),
  (8, 4, 22, 'Wichtig ist vor allem, dass jemand die Geräte wartet.', 66),
  (9, 5, 21, 'Geht uns im Gewerbepark genauso.', 90),
  (10, 5, 2, 'Auch unsere Filiale in Lindenau wäre froh über Glasfaser.', 88),
  (11, 6, 14, 'Mein Rad wurde dort zweimal gestohlen. Bitte schnell umsetzen!', 80),
  (12, 9, 15, 'Ich würde gern als Ehrenamtlicher mithelfen.', 25),
  (13, 9, 16, 'Tolle Idee, meine Mutter wäre sofort dabei.', 24),
  (14, 10, 14, 'Auch mit dem Rad auf der Landstraße kein Netz – im Notfall gefährlich.', 33),
  (15, 11, 16, 'Kameras lösen das Problem nicht, mehr Licht wäre besser.', 100),
  (16, 12, 12, 'Ja, und bitte die Tagesordnungen rechtzeitig online.', 45),
  (17, 13, 17, 'Das würde so vielen Familien helfen.', 52),
  (18, 14, 18, 'Die Südbrücke ist für Radfahrende wirklich ein Nadelöhr.', 110),
  (19, 16, 12, 'Ich würde dort lieber kaufen als bei den großen Versandhändlern.', 48),
  (20, 16, 19, 'Wir wären als Betrieb dabei.', 47),
  (21, 18, 22, 'Endlich! Die Postkarte habe ich nie gefunden.', 130),
  (22, 20, 15, 'Ohne Auto kommt man abends nicht mehr nach Hause.', 36),
  (23, 21, 22, 'Bei uns in der Straße auch. Nicht mal SMS gehen raus.', 20),
  (24, 24, 13, 'Die Unterführung ist jedes Jahr überflutet.', 75),
  (25, 26, 11, 'Als Screenreader-Nutzer kann ich das nur bestätigen.', 55),
  (26, 29, 17, 'Die Lehrkräfte warten seit Jahren darauf.', 90),
  (27, 31, 18, 'Transparenz schafft Vertrauen.', 44),
  (28, 34, 2, 'Unsere Lieferungen kommen morgens – eine Ladezone würde reichen.', 35),
  (29, 38, 17, 'Die Schule im Ortskern ist auch betroffen.', 61),
  (30, 39, 16, 'Gibt es da nicht schon Apps von privaten Anbietern?', 28),
  (31, 39, 15, 'Ja, aber die sind voller Werbung und wer weiß, was mit den Daten passiert.', 27),
  (32, 45, 18, 'Sehr gute Idee. In der Sporthalle hängt einer, das weiß kaum jemand.', 18),
  (33, 47, 12, 'Wichtig: auch auf Papier abstimmen können.', 15),
  (34, 48, 13, 'Mein Sohn geht dort jeden Tag über die Straße. Danke, dass sich etwas tut!', 12),
  (35, 59, 14, 'Bitte ohne Zusatzgebühren.', 11),
  (36, 50, 21, 'Kauft doch einfach alle ein Abo, dann gibts Empfang.', 9)
) as c (n, idea, author, body, days);

-- One comment a moderator hid (its author sees why).
update public.comments
   set status = 'hidden',
       hidden_reason = 'Bitte bleiben Sie sachlich. Dieser Beitrag trägt nichts zur Idee bei.'
 where id = '00000000-0000-4000-c000-000000000036';

-- One level of replies.
update public.comments set parent_id = '00000000-0000-4000-c000-000000000030'
 where id = '00000000-0000-4000-c000-000000000031';

-- Public history: each idea beyond "published" walked the main line step by step.
insert into public.idea_events (idea_id, kind, actor_id, from_status, to_status, body, created_at)
select i.id, 'status_change',
       case when s.n = 1 then '00000000-0000-4000-a000-000000000003'::uuid
            else '00000000-0000-4000-a000-000000000004'::uuid end,
       s.prev, s.step, null, i.created_at + make_interval(days => s.n::int * 3)
from public.ideas i
cross join lateral (
  select t.step, lag(t.step) over (order by t.n) as prev, t.n
    from unnest(array['submitted', 'published', 'under_review', 'accepted', 'planned', 'in_progress',
                      'implemented']::public.idea_status[]) with ordinality as t (step, n)
) s
where s.n > 1
  and i.status in ('published', 'under_review', 'accepted', 'planned', 'in_progress', 'implemented')
  and s.n <= array_position(array['submitted', 'published', 'under_review', 'accepted', 'planned',
                                  'in_progress', 'implemented']::public.idea_status[], i.status);

insert into public.idea_events (idea_id, kind, actor_id, from_status, to_status, body, details, created_at)
select i.id,
       case when i.status = 'merged' then 'merge' else 'status_change' end::public.idea_event_kind,
       case when i.status = 'hidden' then '00000000-0000-4000-a000-000000000003'::uuid
            else '00000000-0000-4000-a000-000000000004'::uuid end,
       case when i.status = 'hidden' then 'published' when i.status = 'merged' then null
            else 'under_review' end::public.idea_status,
       i.status, i.status_reason,
       case when i.status = 'merged' then jsonb_build_object('into', i.merged_into) end,
       i.created_at + interval '9 days'
from public.ideas i
where i.status in ('declined', 'merged', 'hidden');

-- Official answers and internal notes.
insert into public.idea_events (idea_id, kind, actor_id, is_internal, body, created_at)
select ('00000000-0000-4000-b000-0000000000' || lpad(e.idea::text, 2, '0'))::uuid,
       e.kind::public.idea_event_kind, '00000000-0000-4000-a000-000000000004', e.kind = 'note', e.body,
       now() - make_interval(days => e.days)
from (values
  (1, 'answer', 'Die Online-Terminbuchung ist beauftragt. Ab März können Sie Termine fürs Bürgerbüro online buchen; die telefonische Vergabe bleibt.', 21),
  (2, 'answer', 'Der Stadtrat hat das WLAN für Marktplatz und Rathausvorplatz beschlossen. Wir suchen gerade einen Anbieter.', 30),
  (8, 'answer', 'Der Audioguide ist online: 14 Stationen auf Deutsch und Englisch, erreichbar über die QR-Codes an den Gebäuden.', 15),
  (5, 'answer', 'Wir prüfen mit dem Netzbetreiber eine Förderung für das Gewerbegebiet. Ergebnis erwarten wir im Herbst.', 40),
  (24, 'answer', 'Musterstadt schließt sich dem landesweiten Warnsystem an; lokale Meldungen kommen zusätzlich per SMS-Dienst.', 26),
  (5, 'note', 'Netzbetreiber hat Ausbaukosten von ca. 380.000 € genannt; Förderquote klären (Gigabitförderung).', 38),
  (14, 'note', 'Abstimmung mit Verkehrsplanung: Detektoren kompatibel mit vorhandener Steuerung, Angebot folgt.', 33),
  (35, 'note', 'Gespräch mit Kassenärztlicher Vereinigung vereinbart.', 19)
) as e (idea, kind, body, days);

-- The agenda: goals, measures and the ideas they answer.
insert into public.goals (id, field_slug, title, description, position) values
  ('00000000-0000-4000-e000-000000000001', 'infrastruktur', 'Gigabit für jedes Gebäude bis 2030',
   'Jeder Haushalt, jeder Betrieb und jede Schule in Musterstadt erhält einen Glasfaseranschluss; Funklöcher werden geschlossen.', 1),
  ('00000000-0000-4000-e000-000000000002', 'verwaltung', 'Die häufigsten Behördengänge online bis 2028',
   'Die 30 meistgenutzten Verwaltungsleistungen sind vollständig digital nutzbar – und bleiben persönlich erreichbar.', 2),
  ('00000000-0000-4000-e000-000000000003', 'mobilitaet', 'Unterwegs gut informiert',
   'Echtzeitinformationen für Bus, Rad und Parken helfen, das Auto öfter stehen zu lassen.', 3),
  ('00000000-0000-4000-e000-000000000004', 'bildung', 'Digitale Lernorte für alle Altersgruppen',
   'Schulen, Bibliothek und Volkshochschule bieten zeitgemäße Ausstattung und Unterstützung.', 4),
  ('00000000-0000-4000-e000-000000000005', 'beteiligung', 'Offene Daten und Beteiligung als Standard',
   'Die Stadt veröffentlicht ihre Daten offen und beteiligt die Menschen früh.', 5);

insert into public.measures (id, goal_id, field_slug, title, description, status, progress,
                             department_id, target_date, strategic_fit, effort, urgency)
select m.id::uuid, m.goal::uuid, m.field, m.title, m.description, m.status::public.measure_status,
       m.progress, (select d.id from public.departments d where d.slug = m.department),
       m.target::date, m.fit, m.effort, m.urgency
from (values
  ('00000000-0000-4000-d000-000000000001', '00000000-0000-4000-e000-000000000002', 'verwaltung',
   'Online-Termine und Formulare im Bürgerbüro', 'Terminbuchung, Sperrmüll- und Hundesteueranmeldung online.',
   'in_progress', 40, 'buergerservice', '2027-06-30', 5, 2, 4),
  ('00000000-0000-4000-d000-000000000002', '00000000-0000-4000-e000-000000000001', 'infrastruktur',
   'Glasfaser für Gewerbegebiete und Mühlbach', 'Geförderter Ausbau in Lindenau, Ostend und im Ortskern Mühlbach.',
   'approved', 15, 'wirtschaft', '2028-12-31', 5, 5, 4),
  ('00000000-0000-4000-d000-000000000003', '00000000-0000-4000-e000-000000000003', 'mobilitaet',
   'Echtzeit-Fahrgastinformation an 40 Haltestellen', 'Digitale Anzeigen und Auskunft, auch in Leichter Sprache.',
   'proposed', 0, 'tiefbau', null, 4, 4, 3),
  ('00000000-0000-4000-d000-000000000004', '00000000-0000-4000-e000-000000000003', 'mobilitaet',
   'Intelligente Ampeln auf Schul- und Radwegen', 'Sensorgesteuerte Ampeln an der Südbrücke und am Schulweg Hohenwiese.',
   'approved', 10, 'tiefbau', '2027-10-31', 4, 3, 5),
  ('00000000-0000-4000-d000-000000000005', '00000000-0000-4000-e000-000000000004', 'bildung',
   'Digitalpakt: WLAN und Geräte für alle Schulen', 'WLAN in allen Klassenräumen, Tablets, Wartung durch einen IT-Dienstleister.',
   'in_progress', 60, 'schule-soziales', '2027-08-31', 5, 4, 4),
  ('00000000-0000-4000-d000-000000000006', '00000000-0000-4000-e000-000000000005', 'beteiligung',
   'Open-Data-Portal Musterstadt', 'Haushalt, Ratsinformationen und Geodaten als offene Daten (DCAT-AP.de).',
   'proposed', 0, 'digitalbuero', null, 4, 2, 2),
  ('00000000-0000-4000-d000-000000000007', null, 'kultur',
   'Digitaler Stadtrundgang', 'Audioguide mit 14 Stationen auf Deutsch und Englisch.',
   'done', 100, 'digitalbuero', '2026-05-31', 3, 1, 2),
  ('00000000-0000-4000-d000-000000000008', '00000000-0000-4000-e000-000000000002', 'wirtschaft',
   'Online-Gewerbeservice', 'Gewerbean-, -um- und -abmeldung vollständig digital mit Statusanzeige.',
   'approved', 20, 'wirtschaft', '2027-12-31', 4, 3, 3)
) as m (id, goal, field, title, description, status, progress, department, target, fit, effort, urgency);

insert into public.measure_ideas (measure_id, idea_id, linked_by)
select ('00000000-0000-4000-d000-00000000000' || l.measure)::uuid,
       ('00000000-0000-4000-b000-0000000000' || lpad(l.idea::text, 2, '0'))::uuid,
       '00000000-0000-4000-a000-000000000004'
from (values (1, 1), (1, 18), (1, 36), (2, 5), (2, 38), (2, 56), (2, 43), (3, 3), (3, 42),
             (4, 14), (4, 48), (5, 4), (5, 29), (5, 41), (6, 12), (6, 31), (7, 8), (8, 15)
) as l (measure, idea);

-- Each link wrote its history entry (trigger on measure_ideas); they were made two weeks ago.
update public.idea_events e
   set actor_id = '00000000-0000-4000-a000-000000000004', created_at = now() - interval '14 days'
 where e.kind = 'agenda';

-- What the council report shows of the measure in the Bürgerbüro (ADR 014).
update public.measures
   set budget_planned = 185000, budget_spent = 64250.40, council_number = 'VO/2026/0042',
       council_date = '2026-02-12', council_url = 'https://musterstadt.example/rat/vorlagen/2026-0042'
 where id = '00000000-0000-4000-d000-000000000001';

insert into public.measure_indicators (id, measure_id, name, unit, target_value)
values ('00000000-0000-4000-9000-000000000001', '00000000-0000-4000-d000-000000000001',
        'Online gebuchte Termine', '%', 60);

insert into public.measure_indicator_values (indicator_id, value, measured_on)
values ('00000000-0000-4000-9000-000000000001', 12, '2026-06-30'),
       ('00000000-0000-4000-9000-000000000001', 27, '2026-09-30');

insert into public.measure_milestones (measure_id, title, planned_on, done_on)
values ('00000000-0000-4000-d000-000000000001', 'Terminbuchung online', '2026-07-01', '2026-07-15'),
       ('00000000-0000-4000-d000-000000000001', 'Sperrmüll und Hundesteuer online', '2027-03-31', null);

insert into public.measure_ozg_services (measure_id, leika_key, label)
values ('00000000-0000-4000-d000-000000000001', '99108013000000', 'Hundesteuer Anmeldung'),
       ('00000000-0000-4000-d000-000000000001', '99035002000000', 'Sperrmüllabholung beantragen');

insert into public.measure_stakeholders (measure_id, name, role)
values ('00000000-0000-4000-d000-000000000001', 'Kommunales Rechenzentrum Musterland', 'Betrieb');

insert into public.measure_updates (measure_id, body, reported_on)
values ('00000000-0000-4000-d000-000000000001',
        'Die Online-Terminbuchung läuft seit Juli; die Formulare für Sperrmüll und Hundesteuer folgen im Frühjahr.',
        '2026-10-05');

-- A report waiting in the moderation queue.
insert into public.reports (id, reporter_id, comment_id, reason, note)
values ('00000000-0000-4000-f000-000000000001', '00000000-0000-4000-a000-000000000013',
        '00000000-0000-4000-c000-000000000030', 'off_topic', 'Hat mit der Idee nichts zu tun.');

-- The demo staff member works in the Digitalbüro: ideas routed there are news for them.
insert into public.department_members (department_id, user_id)
select d.id, '00000000-0000-4000-a000-000000000004' from public.departments d where d.slug = 'digitalbuero';
