-- Administration: roles (set_user_role()), finding users (with their e-mail, for admins only) and
-- district boundaries from GeoJSON, validated in the database as well as in the app.

-- Roles change only here, only by admins, and always leave an audit row. The last admin cannot
-- demote themselves (someone must be able to administer the installation).
create function public.set_user_role(user_id uuid, role public.user_role) returns public.profiles
language plpgsql
security definer
set search_path = ''
as $$
declare
  before_role public.user_role;
  result public.profiles;
begin
  if not public.has_role('admin') then
    raise exception 'forbidden' using errcode = '42501', detail = 'Only admins change roles.';
  end if;
  select p.role into before_role from public.profiles p where p.id = set_user_role.user_id for update;
  if not found then
    perform private.fail('profile_not_found', 'No such user.', 'P0002');
  end if;
  if before_role = 'admin' and set_user_role.role <> 'admin'
     and (select count(*) from public.profiles p where p.role = 'admin') <= 1 then
    raise exception 'last_admin' using errcode = 'P0001', detail = 'Appoint another admin first.';
  end if;
  update public.profiles p set role = set_user_role.role, updated_at = now()
   where p.id = set_user_role.user_id
  returning p.* into result;
  if before_role is distinct from set_user_role.role then
    perform private.audit('profiles.set_role', 'profiles', set_user_role.user_id::text,
      jsonb_build_object('old', before_role, 'new', set_user_role.role));
  end if;
  return result;
end;
$$;

revoke execute on function public.set_user_role(uuid, public.user_role) from public, anon;
grant execute on function public.set_user_role(uuid, public.user_role) to authenticated;

-- Users by display name or e-mail, newest first. Admins only: e-mail addresses live in auth.users,
-- which no API role may read, so this definer function is the one door to them.
create function public.admin_find_users(q text default null, max_results integer default 50)
returns table (id uuid, display_name text, email text, role public.user_role,
               kind public.profile_kind, created_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  pattern text;
begin
  perform private.require_role('admin');
  if char_length(coalesce(q, '')) > 200 then
    perform private.fail('query_too_long', 'At most 200 characters.');
  end if;
  pattern := '%' || replace(replace(replace(btrim(coalesce(q, '')), '\', '\\'), '%', '\%'), '_', '\_') || '%';
  return query
    select p.id, p.display_name, u.email::text, p.role, p.kind, p.created_at
      from public.profiles p
      join auth.users u on u.id = p.id
     where coalesce(u.is_anonymous, false) = false
       and (p.display_name ilike pattern or u.email ilike pattern)
     order by p.created_at desc, p.id
     limit least(greatest(coalesce(max_results, 50), 1), 200);
end;
$$;

comment on function public.admin_find_users(text, integer) is
  'Admins: users with e-mail, role and persona, searched by display name or e-mail.';

revoke execute on function public.admin_find_users(text, integer) from public, anon;
grant execute on function public.admin_find_users(text, integer) to authenticated;

-- A GeoJSON Polygon (or a MultiPolygon of exactly one polygon) as a built-in polygon: the outer
-- ring only, 4–5,000 positions, closed, every position a finite [lng, lat] inside Germany with a
-- margin (a district of a German municipality cannot lie elsewhere; this catches swapped axes).
create function private.geojson_polygon(geometry jsonb) returns polygon
language plpgsql
immutable
set search_path = ''
as $$
declare
  ring jsonb;
  pos jsonb;
  lng double precision;
  lat double precision;
  points text[] := '{}';
begin
  if jsonb_typeof(geometry) <> 'object' then
    perform private.fail('geometry_invalid', 'A GeoJSON geometry object is expected.');
  end if;
  if geometry ->> 'type' = 'MultiPolygon' and jsonb_array_length(geometry -> 'coordinates') = 1 then
    ring := geometry -> 'coordinates' -> 0 -> 0;
  elsif geometry ->> 'type' = 'Polygon' then
    ring := geometry -> 'coordinates' -> 0;
  else
    perform private.fail('geometry_not_polygon', 'Only Polygon geometries are accepted.');
  end if;
  if jsonb_typeof(ring) <> 'array' or jsonb_array_length(ring) not between 4 and 5000 then
    perform private.fail('geometry_invalid', 'A ring has 4 to 5,000 positions.');
  end if;
  for pos in select value from jsonb_array_elements(ring) loop
    if jsonb_typeof(pos) <> 'array' or jsonb_typeof(pos -> 0) <> 'number'
       or jsonb_typeof(pos -> 1) <> 'number' then
      perform private.fail('geometry_invalid', 'Each position is [longitude, latitude].');
    end if;
    lng := (pos ->> 0)::double precision;
    lat := (pos ->> 1)::double precision;
    if lng not between 5.0 and 16.0 or lat not between 47.0 and 55.5 then
      perform private.fail('geometry_out_of_bounds',
        format('Position [%s, %s] lies outside Germany (longitude first).', lng, lat));
    end if;
    points := points || format('(%s,%s)', lng, lat);
  end loop;
  if ring -> 0 <> ring -> -1 then
    perform private.fail('geometry_invalid', 'The ring must be closed (last position = first).');
  end if;
  return ('(' || array_to_string(points[1:array_length(points, 1) - 1], ',') || ')')::polygon;
end;
$$;

revoke execute on function private.geojson_polygon(jsonb) from public;
grant execute on function private.geojson_polygon(jsonb) to authenticated, service_role;

-- Creates or updates (by slug) a district from a GeoJSON geometry. Admins; the audit trigger on
-- districts records it. Ideas keep their district until their point changes.
create function public.admin_save_district(slug text, name text, geometry jsonb)
returns public.districts
language plpgsql
security definer
set search_path = ''
as $$
declare
  area polygon;
  result public.districts;
begin
  perform private.require_role('admin');
  area := private.geojson_polygon(geometry);
  insert into public.districts as d (slug, name, area)
  values (admin_save_district.slug, btrim(admin_save_district.name), area)
  on conflict on constraint districts_slug_key
  do update set name = excluded.name, area = excluded.area
  returning d.* into result;
  return result;
end;
$$;

comment on function public.admin_save_district(text, text, jsonb) is
  'Admins: create or update a district (by slug) from a GeoJSON Polygon.';

revoke execute on function public.admin_save_district(text, text, jsonb) from public, anon;
grant execute on function public.admin_save_district(text, text, jsonb) to authenticated;
