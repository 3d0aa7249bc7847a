-- The municipality: its settings (one row), districts (Stadtteile) and departments (Fachbereiche),
-- reference data everyone reads and only admins change (each change leaves an audit row); and who
-- may take part (the participation rules of the settings).
--
-- Geometry without PostGIS: built-in `polygon`/`point` with x = longitude, y = latitude (the GeoJSON
-- order). Each polygon also has a generated GeoJSON copy for map clients.

create type public.moderation_mode as enum ('pre', 'post');
-- Who may take part: any session (including anonymous sign-ins), a registered (non-anonymous)
-- account, or a registered account whose e-mail address is confirmed.
create type public.participation_rule as enum ('signed_in', 'registered', 'confirmed');

-- GeoJSON Polygon (RFC 7946, closed ring of [lon, lat]) of a built-in polygon with x = lon.
create function private.polygon_geojson(p polygon) returns jsonb
language sql
immutable
strict
parallel safe
set search_path = ''
as $$
  with pts as (
    select m[1]::float8 as x, m[2]::float8 as y, ord
    from regexp_matches(p::text, '\(([^(),]+),([^(),]+)\)', 'g') with ordinality as t (m, ord)
  )
  select jsonb_build_object(
    'type', 'Polygon',
    'coordinates', jsonb_build_array(
      (select jsonb_agg(jsonb_build_array(x, y) order by ord) from pts)
      || (select jsonb_build_array(jsonb_build_array(x, y)) from pts where ord = 1)
    )
  )
$$;

revoke execute on function private.polygon_geojson(polygon) from public;
-- Generated columns run it as the writing role.
grant execute on function private.polygon_geojson(polygon) to anon, authenticated, service_role;

-- Settings: the single row that configures this installation (appearance, map, moderation,
-- participation rules, abuse limits, prioritisation weights, legal texts). Every column is public:
-- secrets never belong here.
create table public.settings (
  id boolean primary key default true check (id),
  municipality_name text not null default 'Musterstadt'
    check (char_length(municipality_name) between 2 and 120),
  primary_colour text not null default '#005a8c' check (primary_colour ~ '^#[0-9a-f]{6}$'),
  accent_colour text not null default '#b3541e' check (accent_colour ~ '^#[0-9a-f]{6}$'),
  logo_url text check (logo_url ~ '^(https://|/)'),
  contact_email text check (contact_email ~ '^[^@\s]+@[^@\s]+$'),
  accessibility_contact_email text check (accessibility_contact_email ~ '^[^@\s]+@[^@\s]+$'),
  map_center_lat double precision not null default 51.1657
    check (map_center_lat between -90 and 90),
  map_center_lng double precision not null default 10.4515
    check (map_center_lng between -180 and 180),
  map_zoom smallint not null default 13 check (map_zoom between 1 and 19),
  map_min_zoom smallint not null default 10 check (map_min_zoom between 1 and 19),
  tile_url text not null default
    'https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png'
    check (tile_url ~ '^https?://' and tile_url like '%{z}%'),
  tile_attribution text not null default '© basemap.de / BKG | Datenquellen: © GeoBasis-DE'
    check (char_length(tile_attribution) between 2 and 300),
  -- Ideas must lie inside; null accepts any valid coordinate (a fresh installation).
  boundary polygon,
  boundary_geojson jsonb generated always as (private.polygon_geojson(boundary)) stored,
  moderation_mode public.moderation_mode not null default 'pre',
  voting_rule public.participation_rule not null default 'confirmed',
  contribution_rule public.participation_rule not null default 'confirmed',
  -- Abuse limits per user (0 = no limit); moderators and above are exempt.
  limit_ideas_per_day integer not null default 10 check (limit_ideas_per_day >= 0),
  limit_comments_per_minute integer not null default 5 check (limit_comments_per_minute >= 0),
  limit_reports_per_day integer not null default 20 check (limit_reports_per_day >= 0),
  -- "Support this instead?" hint: how far around a new idea to look.
  similar_radius_m integer not null default 500 check (similar_radius_m between 10 and 20000),
  -- Map: above this many ideas in view, ideas_in_bbox() answers with clusters.
  map_cluster_threshold integer not null default 300 check (map_cluster_threshold between 1 and 2000),
  -- Measure prioritisation: weights of the four criteria and the support that counts as "full".
  weight_support numeric(4, 2) not null default 0.40 check (weight_support >= 0),
  weight_strategic_fit numeric(4, 2) not null default 0.30 check (weight_strategic_fit >= 0),
  weight_effort numeric(4, 2) not null default 0.10 check (weight_effort >= 0),
  weight_urgency numeric(4, 2) not null default 0.20 check (weight_urgency >= 0),
  support_saturation integer not null default 100 check (support_saturation > 0),
  -- Legal pages (Markdown): Impressum (§ 5 DDG), Datenschutz, Erklärung zur Barrierefreiheit,
  -- Leichte Sprache.
  impressum_md text not null default '' check (char_length(impressum_md) <= 50000),
  datenschutz_md text not null default '' check (char_length(datenschutz_md) <= 100000),
  barrierefreiheit_md text not null default '' check (char_length(barrierefreiheit_md) <= 50000),
  leichte_sprache_md text not null default '' check (char_length(leichte_sprache_md) <= 50000),
  updated_at timestamptz not null default now(),
  constraint settings_weights_positive check (
    weight_support + weight_strategic_fit + weight_effort + weight_urgency > 0
  )
);

comment on table public.settings is
  'The one row that configures this installation: name, colours, map, boundary, moderation mode, participation rules, abuse limits, prioritisation weights, legal texts. Public; admins edit.';

-- The row exists from the start; the seed (or an admin) fills in the municipality.
insert into public.settings (id) values (true);

alter table public.settings enable row level security;

create policy "Settings are visible to everyone"
  on public.settings for select
  to anon, authenticated
  using (true);

create policy "Admins change the settings"
  on public.settings for update
  to authenticated
  using ((select public.has_role('admin')))
  with check ((select public.has_role('admin')));

revoke insert, delete, truncate, references, trigger on public.settings from anon, authenticated;

create trigger settings_touch before update on public.settings
  for each row execute function private.touch_updated_at();
create trigger settings_audit after update on public.settings
  for each row execute function private.audit_row_change();

-- Districts (Stadtteile): named areas inside the municipality. An idea's district is derived from
-- its point, never chosen by hand.
create table public.districts (
  id smallint generated always as identity primary key,
  slug text not null unique check (slug ~ '^[a-z][a-z0-9_-]{1,39}$'),
  name text not null check (char_length(name) between 2 and 80),
  area polygon not null,
  area_geojson jsonb generated always as (private.polygon_geojson(area)) stored,
  position smallint not null default 0,
  created_at timestamptz not null default now()
);

comment on table public.districts is
  'Stadtteile with their area (polygon, x = longitude). Ideas get their district from their point.';

create index districts_area_idx on public.districts using gist (area);

alter table public.districts enable row level security;

create policy "Districts are visible to everyone"
  on public.districts for select
  to anon, authenticated
  using (true);

create policy "Admins add districts"
  on public.districts for insert
  to authenticated
  with check ((select public.has_role('admin')));

create policy "Admins change districts"
  on public.districts for update
  to authenticated
  using ((select public.has_role('admin')))
  with check ((select public.has_role('admin')));

create policy "Admins remove districts"
  on public.districts for delete
  to authenticated
  using ((select public.has_role('admin')));

revoke truncate, references, trigger on public.districts from anon, authenticated;

create trigger districts_audit after insert or update or delete on public.districts
  for each row execute function private.audit_row_change();

-- Departments (Fachbereiche, Ämter): who in the administration owns an idea or a measure.
create table public.departments (
  id smallint generated always as identity primary key,
  slug text not null unique check (slug ~ '^[a-z][a-z0-9_-]{1,39}$'),
  name text not null check (char_length(name) between 2 and 120),
  short_name text check (char_length(short_name) between 1 and 20),
  -- The department's public office address, shown with answers.
  email text check (email ~ '^[^@\s]+@[^@\s]+$'),
  created_at timestamptz not null default now()
);

comment on table public.departments is
  'Fachbereiche / Ämter that ideas and measures are assigned to. Public; admins edit.';

alter table public.departments enable row level security;

create policy "Departments are visible to everyone"
  on public.departments for select
  to anon, authenticated
  using (true);

create policy "Admins add departments"
  on public.departments for insert
  to authenticated
  with check ((select public.has_role('admin')));

create policy "Admins change departments"
  on public.departments for update
  to authenticated
  using ((select public.has_role('admin')))
  with check ((select public.has_role('admin')));

create policy "Admins remove departments"
  on public.departments for delete
  to authenticated
  using ((select public.has_role('admin')));

revoke truncate, references, trigger on public.departments from anon, authenticated;

create trigger departments_audit after insert or update or delete on public.departments
  for each row execute function private.audit_row_change();

-- Whether the caller passes a participation rule; null if yes, else the error code that says why.
-- Security definer: reads auth.users (e-mail confirmation), which API roles cannot. It runs on
-- every vote and contribution (and in the votes insert policy), so it parses the request's claims
-- once instead of through auth.uid() and private.is_anonymous() (each parses them again).
create function private.participation_error(rule public.participation_rule) returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  claims jsonb := auth.jwt();
  uid uuid := (claims ->> 'sub')::uuid;
begin
  if uid is null then
    return 'not_signed_in';
  end if;
  if rule = 'signed_in' then
    return null;
  end if;
  if coalesce((claims ->> 'is_anonymous')::boolean, false) then
    return 'anonymous_not_allowed';
  end if;
  if rule = 'registered' then
    return null;
  end if;
  if not exists (
    select 1 from auth.users u where u.id = uid and u.email_confirmed_at is not null
  ) then
    return 'email_not_confirmed';
  end if;
  return null;
end;
$$;

revoke execute on function private.participation_error(public.participation_rule) from public;
grant execute on function private.participation_error(public.participation_rule)
  to anon, authenticated, service_role;

-- Raises the participation error (42501, message = code) for 'vote' or 'contribute'.
create function private.require_participation(action text) returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  rule public.participation_rule;
  problem text;
begin
  select case when action = 'vote' then s.voting_rule else s.contribution_rule end
    into rule from public.settings s;
  problem := private.participation_error(coalesce(rule, 'confirmed'));
  if problem is not null then
    raise exception '%', problem using errcode = '42501',
      detail = case problem
        when 'not_signed_in' then 'Sign in first.'
        when 'anonymous_not_allowed' then 'Create an account to ' || action || '.'
        else 'Confirm your e-mail address to ' || action || '.'
      end;
  end if;
end;
$$;

revoke execute on function private.require_participation(text) from public;
grant execute on function private.require_participation(text) to anon, authenticated, service_role;

-- What the signed-in caller may do, for the app to show or hide controls (the database still
-- decides on every write).
create function public.my_permissions() returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'signed_in', (select auth.uid()) is not null,
    'anonymous', private.is_anonymous(),
    'role', (select p.role from public.profiles p where p.id = (select auth.uid())),
    'kind', (select p.kind from public.profiles p where p.id = (select auth.uid())),
    'may_vote', private.participation_error((select s.voting_rule from public.settings s)) is null,
    'may_contribute',
      private.participation_error((select s.contribution_rule from public.settings s)) is null,
    'vote_error', private.participation_error((select s.voting_rule from public.settings s)),
    'contribute_error',
      private.participation_error((select s.contribution_rule from public.settings s))
  )
$$;

revoke execute on function public.my_permissions() from public;
grant execute on function public.my_permissions() to anon, authenticated;
