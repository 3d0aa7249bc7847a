-- Fields of action (Handlungsfelder) of the municipality's digital agenda: the taxonomy every
-- idea, goal and measure hangs from. Slugs are stable identifiers used in URLs and open data.

create table public.fields_of_action (
  id smallint generated always as identity primary key,
  slug text not null unique check (slug ~ '^[a-z][a-z0-9_]{1,39}$'),
  name_de text not null check (char_length(name_de) between 2 and 120),
  name_en text not null check (char_length(name_en) between 2 and 120),
  description_de text not null default '' check (char_length(description_de) <= 2000),
  description_en text not null default '' check (char_length(description_en) <= 2000),
  colour text not null default '#005a8c' check (colour ~ '^#[0-9a-f]{6}$'),
  icon text not null default 'lightbulb' check (icon ~ '^[a-z0-9-]{1,40}$'),
  position smallint not null default 0,
  created_at timestamptz not null default now()
);

comment on table public.fields_of_action is
  'Handlungsfelder of the digital agenda; public taxonomy, edited by admins.';

alter table public.fields_of_action enable row level security;

create policy "Fields of action are visible to everyone"
  on public.fields_of_action for select
  to anon, authenticated
  using (true);
