export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  // Allows to automatically instantiate createClient with right options
  // instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)
  __InternalSupabase: {
    PostgrestVersion: "12.0.2"
  }
  public: {
    Tables: {
      audit_log: {
        Row: {
          action: string
          actor_id: string | null
          actor_role: string | null
          created_at: string
          details: NonNullable<Json>
          id: number
          target_id: string | null
          target_table: string
        }
        Insert: {
          action: string
          actor_id?: string | null
          actor_role?: string | null
          created_at?: string
          details?: NonNullable<Json>
          id?: never
          target_id?: string | null
          target_table: string
        }
        Update: {
          action?: string
          actor_id?: string | null
          actor_role?: string | null
          created_at?: string
          details?: NonNullable<Json>
          id?: never
          target_id?: string | null
          target_table?: string
        }
        Relationships: []
      }
      canned_reasons: {
        Row: {
          body: string
          created_at: string
          id: number
          label: string
          purpose: string
          updated_at: string
        }
        Insert: {
          body: string
          created_at?: string
          id?: never
          label: string
          purpose: string
          updated_at?: string
        }
        Update: {
          body?: string
          created_at?: string
          id?: never
          label?: string
          purpose?: string
          updated_at?: string
        }
        Relationships: []
      }
      comments: {
        Row: {
          author_id: string
          body: string
          created_at: string
          hidden_reason: string | null
          id: string
          idea_id: string
          parent_id: string | null
          status: Database["public"]["Enums"]["comment_status"]
          updated_at: string
        }
        Insert: {
          author_id?: string
          body: string
          created_at?: string
          hidden_reason?: string | null
          id?: string
          idea_id: string
          parent_id?: string | null
          status?: Database["public"]["Enums"]["comment_status"]
          updated_at?: string
        }
        Update: {
          author_id?: string
          body?: string
          created_at?: string
          hidden_reason?: string | null
          id?: string
          idea_id?: string
          parent_id?: string | null
          status?: Database["public"]["Enums"]["comment_status"]
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "comments_author_id_fkey"
            columns: ["author_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "comments_idea_id_fkey"
            columns: ["idea_id"]
            referencedRelation: "ideas"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "comments_idea_id_fkey"
            columns: ["idea_id"]
            referencedRelation: "staff_ideas"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "comments_parent_id_fkey"
            columns: ["parent_id"]
            referencedRelation: "comments"
            referencedColumns: ["id"]
          },
        ]
      }
      department_members: {
        Row: {
          created_at: string
          department_id: number
          user_id: string
        }
        Insert: {
          created_at?: string
          department_id: number
          user_id: string
        }
        Update: {
          created_at?: string
          department_id?: number
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "department_members_department_id_fkey"
            columns: ["department_id"]
            referencedRelation: "departments"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "department_members_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      departments: {
        Row: {
          archived_at: string | null
          created_at: string
          email: string | null
          id: number
          name: string
          short_name: string | null
          slug: string
        }
        Insert: {
          archived_at?: string | null
          created_at?: string
          email?: string | null
          id?: never
          name: string
          short_name?: string | null
          slug: string
        }
        Update: {
          archived_at?: string | null
          created_at?: string
          email?: string | null
          id?: never
          name?: string
          short_name?: string | null
          slug?: string
        }
        Relationships: []
      }
      districts: {
        Row: {
          archived_at: string | null
          area: unknown
          area_geojson: Json | null
          created_at: string
          id: number
          name: string
          position: number
          slug: string
        }
        Insert: {
          archived_at?: string | null
          area: unknown
          area_geojson?: never
          created_at?: string
          id?: never
          name: string
          position?: number
          slug: string
        }
        Update: {
          archived_at?: string | null
          area?: unknown
          area_geojson?: never
          created_at?: string
          id?: never
          name?: string
          position?: number
          slug?: string
        }
        Relationships: []
      }
      fields_of_action: {
        Row: {
          archived_at: string | null
          colour: string
          created_at: string
          description_de: string
          description_en: string
          icon: string
          id: number
          name_de: string
          name_en: string
          position: number
          slug: string
        }
        Insert: {
          archived_at?: string | null
          colour?: string
          created_at?: string
          description_de?: string
          description_en?: string
          icon?: string
          id?: never
          name_de: string
          name_en: string
          position?: number
          slug: string
        }
        Update: {
          archived_at?: string | null
          colour?: string
          created_at?: string
          description_de?: string
          description_en?: string
          icon?: string
          id?: never
          name_de?: string
          name_en?: string
          position?: number
          slug?: string
        }
        Relationships: []
      }
      follows: {
        Row: {
          created_at: string
          idea_id: string
          user_id: string
        }
        Insert: {
          created_at?: string
          idea_id: string
          user_id?: string
        }
        Update: {
          created_at?: string
          idea_id?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "follows_idea_id_fkey"
            columns: ["idea_id"]
            referencedRelation: "ideas"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "follows_idea_id_fkey"
            columns: ["idea_id"]
            referencedRelation: "staff_ideas"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "follows_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      goals: {
        Row: {
          created_at: string
          description: string
          field_slug: string
          id: string
          position: number
          title: string
          updated_at: string
        }
        Insert: {
          created_at?: string
          description?: string
          field_slug: string
          id?: string
          position?: number
          title: string
          updated_at?: string
        }
        Update: {
          created_at?: string
          description?: string
          field_slug?: string
          id?: string
          position?: number
          title?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "goals_field_slug_fkey"
            columns: ["field_slug"]
            referencedRelation: "fields_of_action"
            referencedColumns: ["slug"]
          },
        ]
      }
      idea_events: {
        Row: {
          actor_id: string | null
          body: string | null
          created_at: string
          details: Json | null
          from_status: Database["public"]["Enums"]["idea_status"] | null
          id: number
          idea_id: string
          is_internal: boolean
          kind: Database["public"]["Enums"]["idea_event_kind"]
          to_status: Database["public"]["Enums"]["idea_status"] | null
        }
        Insert: {
          actor_id?: string | null
          body?: string | null
          created_at?: string
          details?: Json | null
          from_status?: Database["public"]["Enums"]["idea_status"] | null
          id?: never
          idea_id: string
          is_internal?: boolean
          kind: Database["public"]["Enums"]["idea_event_kind"]
          to_status?: Database["public"]["Enums"]["idea_status"] | null
        }
        Update: {
          actor_id?: string | null
          body?: string | null
          created_at?: string
          details?: Json | null
          from_status?: Database["public"]["Enums"]["idea_status"] | null
          id?: never
          idea_id?: string
          is_internal?: boolean
          kind?: Database["public"]["Enums"]["idea_event_kind"]
          to_status?: Database["public"]["Enums"]["idea_status"] | null
        }
        Relationships: [
          {
            foreignKeyName: "idea_events_actor_id_fkey"
            columns: ["actor_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "idea_events_idea_id_fkey"
            columns: ["idea_id"]
            referencedRelation: "ideas"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "idea_events_idea_id_fkey"
            columns: ["idea_id"]
            referencedRelation: "staff_ideas"
            referencedColumns: ["id"]
          },
        ]
      }
      idea_photos: {
        Row: {
          alt_text: string
          author_id: string
          bytes: number
          created_at: string
          height: number
          hidden_at: string | null
          hidden_by: string | null
          hidden_reason: string | null
          id: string
          idea_id: string
          position: number
          stored_at: string | null
          width: number
        }
        Insert: {
          alt_text: string
          author_id: string
          bytes: number
          created_at?: string
          height: number
          hidden_at?: string | null
          hidden_by?: string | null
          hidden_reason?: string | null
          id: string
          idea_id: string
          position: number
          stored_at?: string | null
          width: number
        }
        Update: {
          alt_text?: string
          author_id?: string
          bytes?: number
          created_at?: string
          height?: number
          hidden_at?: string | null
          hidden_by?: string | null
          hidden_reason?: string | null
          id?: string
          idea_id?: string
          position?: number
          stored_at?: string | null
          width?: number
        }
        Relationships: [
          {
            foreignKeyName: "idea_photos_author_id_fkey"
            columns: ["author_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "idea_photos_hidden_by_fkey"
            columns: ["hidden_by"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "idea_photos_idea_id_fkey"
            columns: ["idea_id"]
            referencedRelation: "ideas"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "idea_photos_idea_id_fkey"
            columns: ["idea_id"]
            referencedRelation: "staff_ideas"
            referencedColumns: ["id"]
          },
        ]
      }
      ideas: {
        Row: {
          assignee_id: string | null
          author_id: string | null
          body: string
          comment_count: number
          created_at: string
          department_id: number | null
          district_id: number | null
          field_slug: string
          id: string
          kind: Database["public"]["Enums"]["idea_kind"]
          lat: number | null
          lng: number | null
          location: unknown
          merged_into: string | null
          need_type: Database["public"]["Enums"]["need_type"] | null
          place_hint: string
          priority: Database["public"]["Enums"]["idea_priority"] | null
          published_at: string | null
          round_id: string | null
          search_vector: unknown
          status: Database["public"]["Enums"]["idea_status"]
          status_before_hidden:
            | Database["public"]["Enums"]["idea_status"]
            | null
          status_changed_at: string
          status_reason: string | null
          tags: string[]
          title: string
          title_search: string
          updated_at: string
          version: number
          vote_count: number
        }
        Insert: {
          assignee_id?: string | null
          author_id?: string | null
          body?: string
          comment_count?: number
          created_at?: string
          department_id?: number | null
          district_id?: number | null
          field_slug: string
          id?: string
          kind?: Database["public"]["Enums"]["idea_kind"]
          lat?: number | null
          lng?: number | null
          location?: never
          merged_into?: string | null
          need_type?: Database["public"]["Enums"]["need_type"] | null
          place_hint?: string
          priority?: Database["public"]["Enums"]["idea_priority"] | null
          published_at?: string | null
          round_id?: string | null
          search_vector?: unknown
          status?: Database["public"]["Enums"]["idea_status"]
          status_before_hidden?:
            | Database["public"]["Enums"]["idea_status"]
            | null
          status_changed_at?: string
          status_reason?: string | null
          tags?: string[]
          title: string
          title_search?: string
          updated_at?: string
          version?: number
          vote_count?: number
        }
        Update: {
          assignee_id?: string | null
          author_id?: string | null
          body?: string
          comment_count?: number
          created_at?: string
          department_id?: number | null
          district_id?: number | null
          field_slug?: string
          id?: string
          kind?: Database["public"]["Enums"]["idea_kind"]
          lat?: number | null
          lng?: number | null
          location?: never
          merged_into?: string | null
          need_type?: Database["public"]["Enums"]["need_type"] | null
          place_hint?: string
          priority?: Database["public"]["Enums"]["idea_priority"] | null
          published_at?: string | null
          round_id?: string | null
          search_vector?: unknown
          status?: Database["public"]["Enums"]["idea_status"]
          status_before_hidden?:
            | Database["public"]["Enums"]["idea_status"]
            | null
          status_changed_at?: string
          status_reason?: string | null
          tags?: string[]
          title?: string
          title_search?: string
          updated_at?: string
          version?: number
          vote_count?: number
        }
        Relationships: [
          {
            foreignKeyName: "ideas_assignee_id_fkey"
            columns: ["assignee_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "ideas_author_id_fkey"
            columns: ["author_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "ideas_department_id_fkey"
            columns: ["department_id"]
            referencedRelation: "departments"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "ideas_district_id_fkey"
            columns: ["district_id"]
            referencedRelation: "districts"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "ideas_field_slug_fkey"
            columns: ["field_slug"]
            referencedRelation: "fields_of_action"
            referencedColumns: ["slug"]
          },
          {
            foreignKeyName: "ideas_merged_into_fkey"
            columns: ["merged_into"]
            referencedRelation: "ideas"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "ideas_merged_into_fkey"
            columns: ["merged_into"]
            referencedRelation: "staff_ideas"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "ideas_round_id_fkey"
            columns: ["round_id"]
            referencedRelation: "participation_rounds"
            referencedColumns: ["id"]
          },
        ]
      }
      mail_settings: {
        Row: {
          bounce_reason: string | null
          bounced_at: string | null
          unsubscribe_token: string
          unsubscribed_at: string | null
          user_id: string
        }
        Insert: {
          bounce_reason?: string | null
          bounced_at?: string | null
          unsubscribe_token?: string
          unsubscribed_at?: string | null
          user_id: string
        }
        Update: {
          bounce_reason?: string | null
          bounced_at?: string | null
          unsubscribe_token?: string
          unsubscribed_at?: string | null
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "mail_settings_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      measure_ideas: {
        Row: {
          created_at: string
          idea_id: string
          linked_by: string | null
          measure_id: string
        }
        Insert: {
          created_at?: string
          idea_id: string
          linked_by?: string | null
          measure_id: string
        }
        Update: {
          created_at?: string
          idea_id?: string
          linked_by?: string | null
          measure_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "measure_ideas_idea_id_fkey"
            columns: ["idea_id"]
            referencedRelation: "ideas"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "measure_ideas_idea_id_fkey"
            columns: ["idea_id"]
            referencedRelation: "staff_ideas"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "measure_ideas_linked_by_fkey"
            columns: ["linked_by"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "measure_ideas_measure_id_fkey"
            columns: ["measure_id"]
            referencedRelation: "measures"
            referencedColumns: ["id"]
          },
        ]
      }
      measure_indicator_values: {
        Row: {
          created_at: string
          id: string
          indicator_id: string
          measured_on: string
          value: number
        }
        Insert: {
          created_at?: string
          id?: string
          indicator_id: string
          measured_on?: string
          value: number
        }
        Update: {
          created_at?: string
          id?: string
          indicator_id?: string
          measured_on?: string
          value?: number
        }
        Relationships: [
          {
            foreignKeyName: "measure_indicator_values_indicator_id_fkey"
            columns: ["indicator_id"]
            referencedRelation: "measure_indicators"
            referencedColumns: ["id"]
          },
        ]
      }
      measure_indicators: {
        Row: {
          created_at: string
          id: string
          measure_id: string
          name: string
          target_value: number
          unit: string
        }
        Insert: {
          created_at?: string
          id?: string
          measure_id: string
          name: string
          target_value: number
          unit?: string
        }
        Update: {
          created_at?: string
          id?: string
          measure_id?: string
          name?: string
          target_value?: number
          unit?: string
        }
        Relationships: [
          {
            foreignKeyName: "measure_indicators_measure_id_fkey"
            columns: ["measure_id"]
            referencedRelation: "measures"
            referencedColumns: ["id"]
          },
        ]
      }
      measure_milestones: {
        Row: {
          created_at: string
          done_on: string | null
          id: string
          measure_id: string
          planned_on: string
          title: string
        }
        Insert: {
          created_at?: string
          done_on?: string | null
          id?: string
          measure_id: string
          planned_on: string
          title: string
        }
        Update: {
          created_at?: string
          done_on?: string | null
          id?: string
          measure_id?: string
          planned_on?: string
          title?: string
        }
        Relationships: [
          {
            foreignKeyName: "measure_milestones_measure_id_fkey"
            columns: ["measure_id"]
            referencedRelation: "measures"
            referencedColumns: ["id"]
          },
        ]
      }
      measure_ozg_services: {
        Row: {
          created_at: string
          id: string
          label: string
          leika_key: string
          measure_id: string
        }
        Insert: {
          created_at?: string
          id?: string
          label?: string
          leika_key: string
          measure_id: string
        }
        Update: {
          created_at?: string
          id?: string
          label?: string
          leika_key?: string
          measure_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "measure_ozg_services_measure_id_fkey"
            columns: ["measure_id"]
            referencedRelation: "measures"
            referencedColumns: ["id"]
          },
        ]
      }
      measure_stakeholders: {
        Row: {
          created_at: string
          id: string
          measure_id: string
          name: string
          role: string
        }
        Insert: {
          created_at?: string
          id?: string
          measure_id: string
          name: string
          role?: string
        }
        Update: {
          created_at?: string
          id?: string
          measure_id?: string
          name?: string
          role?: string
        }
        Relationships: [
          {
            foreignKeyName: "measure_stakeholders_measure_id_fkey"
            columns: ["measure_id"]
            referencedRelation: "measures"
            referencedColumns: ["id"]
          },
        ]
      }
      measure_updates: {
        Row: {
          body: string
          created_at: string
          id: string
          measure_id: string
          reported_on: string
        }
        Insert: {
          body: string
          created_at?: string
          id?: string
          measure_id: string
          reported_on?: string
        }
        Update: {
          body?: string
          created_at?: string
          id?: string
          measure_id?: string
          reported_on?: string
        }
        Relationships: [
          {
            foreignKeyName: "measure_updates_measure_id_fkey"
            columns: ["measure_id"]
            referencedRelation: "measures"
            referencedColumns: ["id"]
          },
        ]
      }
      measures: {
        Row: {
          budget_planned: number | null
          budget_spent: number | null
          council_date: string | null
          council_number: string | null
          council_url: string | null
          created_at: string
          department_id: number | null
          description: string
          effort: number
          field_slug: string
          goal_id: string | null
          id: string
          ideas_follow_status: boolean
          progress: number
          status: Database["public"]["Enums"]["measure_status"]
          strategic_fit: number
          target_date: string | null
          title: string
          updated_at: string
          urgency: number
          version: number
          priority_score: number | null
          support_count: number | null
        }
        Insert: {
          budget_planned?: number | null
          budget_spent?: number | null
          council_date?: string | null
          council_number?: string | null
          council_url?: string | null
          created_at?: string
          department_id?: number | null
          description?: string
          effort?: number
          field_slug: string
          goal_id?: string | null
          id?: string
          ideas_follow_status?: boolean
          progress?: number
          status?: Database["public"]["Enums"]["measure_status"]
          strategic_fit?: number
          target_date?: string | null
          title: string
          updated_at?: string
          urgency?: number
          version?: number
        }
        Update: {
          budget_planned?: number | null
          budget_spent?: number | null
          council_date?: string | null
          council_number?: string | null
          council_url?: string | null
          created_at?: string
          department_id?: number | null
          description?: string
          effort?: number
          field_slug?: string
          goal_id?: string | null
          id?: string
          ideas_follow_status?: boolean
          progress?: number
          status?: Database["public"]["Enums"]["measure_status"]
          strategic_fit?: number
          target_date?: string | null
          title?: string
          updated_at?: string
          urgency?: number
          version?: number
        }
        Relationships: [
          {
            foreignKeyName: "measures_department_id_fkey"
            columns: ["department_id"]
            referencedRelation: "departments"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "measures_field_slug_fkey"
            columns: ["field_slug"]
            referencedRelation: "fields_of_action"
            referencedColumns: ["slug"]
          },
          {
            foreignKeyName: "measures_goal_id_fkey"
            columns: ["goal_id"]
            referencedRelation: "goals"
            referencedColumns: ["id"]
          },
        ]
      }
      notification_preferences: {
        Row: {
          kind: Database["public"]["Enums"]["notification_kind"]
          mail: Database["public"]["Enums"]["email_frequency"]
          updated_at: string
          user_id: string
        }
        Insert: {
          kind: Database["public"]["Enums"]["notification_kind"]
          mail: Database["public"]["Enums"]["email_frequency"]
          updated_at?: string
          user_id: string
        }
        Update: {
          kind?: Database["public"]["Enums"]["notification_kind"]
          mail?: Database["public"]["Enums"]["email_frequency"]
          updated_at?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "notification_preferences_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      notifications: {
        Row: {
          created_at: string
          details: NonNullable<Json>
          event_id: number
          id: number
          idea_id: string
          kind: Database["public"]["Enums"]["notification_kind"]
          read_at: string | null
          recipient_id: string
        }
        Insert: {
          created_at: string
          details?: NonNullable<Json>
          event_id: number
          id?: never
          idea_id: string
          kind: Database["public"]["Enums"]["notification_kind"]
          read_at?: string | null
          recipient_id: string
        }
        Update: {
          created_at?: string
          details?: NonNullable<Json>
          event_id?: number
          id?: never
          idea_id?: string
          kind?: Database["public"]["Enums"]["notification_kind"]
          read_at?: string | null
          recipient_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "notifications_idea_id_fkey"
            columns: ["idea_id"]
            referencedRelation: "ideas"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "notifications_idea_id_fkey"
            columns: ["idea_id"]
            referencedRelation: "staff_ideas"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "notifications_recipient_id_fkey"
            columns: ["recipient_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      participation_round_fields: {
        Row: {
          field_slug: string
          round_id: string
        }
        Insert: {
          field_slug: string
          round_id: string
        }
        Update: {
          field_slug?: string
          round_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "participation_round_fields_field_slug_fkey"
            columns: ["field_slug"]
            referencedRelation: "fields_of_action"
            referencedColumns: ["slug"]
          },
          {
            foreignKeyName: "participation_round_fields_round_id_fkey"
            columns: ["round_id"]
            referencedRelation: "participation_rounds"
            referencedColumns: ["id"]
          },
        ]
      }
      participation_rounds: {
        Row: {
          all_fields: boolean
          closed_at: string | null
          created_at: string
          district_id: number | null
          ends_on: string
          id: string
          published_at: string | null
          question: string
          starts_on: string
          title: string
          updated_at: string
          round_state: string | null
        }
        Insert: {
          all_fields?: boolean
          closed_at?: string | null
          created_at?: string
          district_id?: number | null
          ends_on: string
          id?: string
          published_at?: string | null
          question: string
          starts_on: string
          title: string
          updated_at?: string
        }
        Update: {
          all_fields?: boolean
          closed_at?: string | null
          created_at?: string
          district_id?: number | null
          ends_on?: string
          id?: string
          published_at?: string | null
          question?: string
          starts_on?: string
          title?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "participation_rounds_district_id_fkey"
            columns: ["district_id"]
            referencedRelation: "districts"
            referencedColumns: ["id"]
          },
        ]
      }
      place_alerts: {
        Row: {
          created_at: string
          field_slugs: string[]
          id: string
          label: string
          lat: number | null
          lng: number | null
          radius_m: number | null
          user_id: string
        }
        Insert: {
          created_at?: string
          field_slugs?: string[]
          id?: string
          label: string
          lat?: number | null
          lng?: number | null
          radius_m?: number | null
          user_id?: string
        }
        Update: {
          created_at?: string
          field_slugs?: string[]
          id?: string
          label?: string
          lat?: number | null
          lng?: number | null
          radius_m?: number | null
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "place_alerts_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      profiles: {
        Row: {
          created_at: string
          department_scoped: boolean
          display_name: string
          id: string
          kind: Database["public"]["Enums"]["profile_kind"]
          locale: string
          organization: string | null
          role: Database["public"]["Enums"]["user_role"]
          sector: string | null
          updated_at: string
        }
        Insert: {
          created_at?: string
          department_scoped?: boolean
          display_name: string
          id: string
          kind?: Database["public"]["Enums"]["profile_kind"]
          locale?: string
          organization?: string | null
          role?: Database["public"]["Enums"]["user_role"]
          sector?: string | null
          updated_at?: string
        }
        Update: {
          created_at?: string
          department_scoped?: boolean
          display_name?: string
          id?: string
          kind?: Database["public"]["Enums"]["profile_kind"]
          locale?: string
          organization?: string | null
          role?: Database["public"]["Enums"]["user_role"]
          sector?: string | null
          updated_at?: string
        }
        Relationships: []
      }
      push_subscriptions: {
        Row: {
          auth: string
          created_at: string
          endpoint: string
          id: string
          label: string
          last_used_at: string | null
          p256dh: string
          user_id: string
        }
        Insert: {
          auth: string
          created_at?: string
          endpoint: string
          id?: string
          label?: string
          last_used_at?: string | null
          p256dh: string
          user_id: string
        }
        Update: {
          auth?: string
          created_at?: string
          endpoint?: string
          id?: string
          label?: string
          last_used_at?: string | null
          p256dh?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "push_subscriptions_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      reports: {
        Row: {
          comment_id: string | null
          created_at: string
          id: string
          idea_id: string | null
          note: string | null
          photo_id: string | null
          reason: Database["public"]["Enums"]["report_reason"]
          reporter_id: string
          resolution_note: string | null
          resolved_at: string | null
          resolved_by: string | null
          status: Database["public"]["Enums"]["report_status"]
        }
        Insert: {
          comment_id?: string | null
          created_at?: string
          id?: string
          idea_id?: string | null
          note?: string | null
          photo_id?: string | null
          reason: Database["public"]["Enums"]["report_reason"]
          reporter_id?: string
          resolution_note?: string | null
          resolved_at?: string | null
          resolved_by?: string | null
          status?: Database["public"]["Enums"]["report_status"]
        }
        Update: {
          comment_id?: string | null
          created_at?: string
          id?: string
          idea_id?: string | null
          note?: string | null
          photo_id?: string | null
          reason?: Database["public"]["Enums"]["report_reason"]
          reporter_id?: string
          resolution_note?: string | null
          resolved_at?: string | null
          resolved_by?: string | null
          status?: Database["public"]["Enums"]["report_status"]
        }
        Relationships: [
          {
            foreignKeyName: "reports_comment_id_fkey"
            columns: ["comment_id"]
            referencedRelation: "comments"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "reports_idea_id_fkey"
            columns: ["idea_id"]
            referencedRelation: "ideas"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "reports_idea_id_fkey"
            columns: ["idea_id"]
            referencedRelation: "staff_ideas"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "reports_photo_id_fkey"
            columns: ["photo_id"]
            referencedRelation: "idea_photos"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "reports_reporter_id_fkey"
            columns: ["reporter_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "reports_resolved_by_fkey"
            columns: ["resolved_by"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      settings: {
        Row: {
          accent_colour: string
          accessibility_contact_email: string | null
          answer_target_days: number
          barrierefreiheit_md: string
          boundary: unknown
          boundary_geojson: Json | null
          contact_email: string | null
          contribution_rule: Database["public"]["Enums"]["participation_rule"]
          datenschutz_md: string
          id: boolean
          impressum_md: string
          leichte_sprache_md: string
          limit_comments_per_minute: number
          limit_ideas_per_day: number
          limit_reports_per_day: number
          logo_url: string | null
          map_center_lat: number
          map_center_lng: number
          map_cluster_threshold: number
          map_min_zoom: number
          map_zoom: number
          moderation_mode: Database["public"]["Enums"]["moderation_mode"]
          municipality_name: string
          open_data_licence: string
          primary_colour: string
          similar_radius_m: number
          submissions_only_in_rounds: boolean
          support_saturation: number
          tile_attribution: string
          tile_url: string
          updated_at: string
          voting_rule: Database["public"]["Enums"]["participation_rule"]
          weight_effort: number
          weight_strategic_fit: number
          weight_support: number
          weight_urgency: number
        }
        Insert: {
          accent_colour?: string
          accessibility_contact_email?: string | null
          answer_target_days?: number
          barrierefreiheit_md?: string
          boundary?: unknown
          boundary_geojson?: never
          contact_email?: string | null
          contribution_rule?: Database["public"]["Enums"]["participation_rule"]
          datenschutz_md?: string
          id?: boolean
          impressum_md?: string
          leichte_sprache_md?: string
          limit_comments_per_minute?: number
          limit_ideas_per_day?: number
          limit_reports_per_day?: number
          logo_url?: string | null
          map_center_lat?: number
          map_center_lng?: number
          map_cluster_threshold?: number
          map_min_zoom?: number
          map_zoom?: number
          moderation_mode?: Database["public"]["Enums"]["moderation_mode"]
          municipality_name?: string
          open_data_licence?: string
          primary_colour?: string
          similar_radius_m?: number
          submissions_only_in_rounds?: boolean
          support_saturation?: number
          tile_attribution?: string
          tile_url?: string
          updated_at?: string
          voting_rule?: Database["public"]["Enums"]["participation_rule"]
          weight_effort?: number
          weight_strategic_fit?: number
          weight_support?: number
          weight_urgency?: number
        }
        Update: {
          accent_colour?: string
          accessibility_contact_email?: string | null
          answer_target_days?: number
          barrierefreiheit_md?: string
          boundary?: unknown
          boundary_geojson?: never
          contact_email?: string | null
          contribution_rule?: Database["public"]["Enums"]["participation_rule"]
          datenschutz_md?: string
          id?: boolean
          impressum_md?: string
          leichte_sprache_md?: string
          limit_comments_per_minute?: number
          limit_ideas_per_day?: number
          limit_reports_per_day?: number
          logo_url?: string | null
          map_center_lat?: number
          map_center_lng?: number
          map_cluster_threshold?: number
          map_min_zoom?: number
          map_zoom?: number
          moderation_mode?: Database["public"]["Enums"]["moderation_mode"]
          municipality_name?: string
          open_data_licence?: string
          primary_colour?: string
          similar_radius_m?: number
          submissions_only_in_rounds?: boolean
          support_saturation?: number
          tile_attribution?: string
          tile_url?: string
          updated_at?: string
          voting_rule?: Database["public"]["Enums"]["participation_rule"]
          weight_effort?: number
          weight_strategic_fit?: number
          weight_support?: number
          weight_urgency?: number
        }
        Relationships: []
      }
      storage_removals: {
        Row: {
          attempts: number
          bucket_id: string
          id: number
          last_error: string | null
          not_before: string
          object_name: string
          queued_at: string
        }
        Insert: {
          attempts?: number
          bucket_id: string
          id?: never
          last_error?: string | null
          not_before?: string
          object_name: string
          queued_at?: string
        }
        Update: {
          attempts?: number
          bucket_id?: string
          id?: never
          last_error?: string | null
          not_before?: string
          object_name?: string
          queued_at?: string
        }
        Relationships: []
      }
      votes: {
        Row: {
          created_at: string
          idea_id: string
          notify: boolean
          user_id: string
        }
        Insert: {
          created_at?: string
          idea_id: string
          notify?: boolean
          user_id?: string
        }
        Update: {
          created_at?: string
          idea_id?: string
          notify?: boolean
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "votes_idea_id_fkey"
            columns: ["idea_id"]
            referencedRelation: "ideas"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "votes_idea_id_fkey"
            columns: ["idea_id"]
            referencedRelation: "staff_ideas"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "votes_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
    }
    Views: {
      staff_ideas: {
        Row: {
          assignee_id: string | null
          author_id: string | null
          body: string | null
          comment_count: number | null
          created_at: string | null
          department_id: number | null
          district_id: number | null
          field_slug: string | null
          id: string | null
          kind: Database["public"]["Enums"]["idea_kind"] | null
          lat: number | null
          lng: number | null
          location: unknown
          merged_into: string | null
          need_type: Database["public"]["Enums"]["need_type"] | null
          place_hint: string | null
          priority: Database["public"]["Enums"]["idea_priority"] | null
          published_at: string | null
          search_vector: unknown
          status: Database["public"]["Enums"]["idea_status"] | null
          status_before_hidden:
            | Database["public"]["Enums"]["idea_status"]
            | null
          status_changed_at: string | null
          status_reason: string | null
          tags: string[] | null
          title: string | null
          title_search: string | null
          updated_at: string | null
          version: number | null
          vote_count: number | null
        }
        Insert: {
          assignee_id?: string | null
          author_id?: string | null
          body?: string | null
          comment_count?: number | null
          created_at?: string | null
          department_id?: number | null
          district_id?: number | null
          field_slug?: string | null
          id?: string | null
          kind?: Database["public"]["Enums"]["idea_kind"] | null
          lat?: number | null
          lng?: number | null
          location?: unknown
          merged_into?: string | null
          need_type?: Database["public"]["Enums"]["need_type"] | null
          place_hint?: string | null
          priority?: Database["public"]["Enums"]["idea_priority"] | null
          published_at?: string | null
          search_vector?: unknown
          status?: Database["public"]["Enums"]["idea_status"] | null
          status_before_hidden?:
            | Database["public"]["Enums"]["idea_status"]
            | null
          status_changed_at?: string | null
          status_reason?: string | null
          tags?: string[] | null
          title?: string | null
          title_search?: string | null
          updated_at?: string | null
          version?: number | null
          vote_count?: number | null
        }
        Update: {
          assignee_id?: string | null
          author_id?: string | null
          body?: string | null
          comment_count?: number | null
          created_at?: string | null
          department_id?: number | null
          district_id?: number | null
          field_slug?: string | null
          id?: string | null
          kind?: Database["public"]["Enums"]["idea_kind"] | null
          lat?: number | null
          lng?: number | null
          location?: unknown
          merged_into?: string | null
          need_type?: Database["public"]["Enums"]["need_type"] | null
          place_hint?: string | null
          priority?: Database["public"]["Enums"]["idea_priority"] | null
          published_at?: string | null
          search_vector?: unknown
          status?: Database["public"]["Enums"]["idea_status"] | null
          status_before_hidden?:
            | Database["public"]["Enums"]["idea_status"]
            | null
          status_changed_at?: string | null
          status_reason?: string | null
          tags?: string[] | null
          title?: string | null
          title_search?: string | null
          updated_at?: string | null
          version?: number | null
          vote_count?: number | null
        }
        Relationships: [
          {
            foreignKeyName: "ideas_assignee_id_fkey"
            columns: ["assignee_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "ideas_author_id_fkey"
            columns: ["author_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "ideas_department_id_fkey"
            columns: ["department_id"]
            referencedRelation: "departments"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "ideas_district_id_fkey"
            columns: ["district_id"]
            referencedRelation: "districts"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "ideas_field_slug_fkey"
            columns: ["field_slug"]
            referencedRelation: "fields_of_action"
            referencedColumns: ["slug"]
          },
          {
            foreignKeyName: "ideas_merged_into_fkey"
            columns: ["merged_into"]
            referencedRelation: "ideas"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "ideas_merged_into_fkey"
            columns: ["merged_into"]
            referencedRelation: "staff_ideas"
            referencedColumns: ["id"]
          },
        ]
      }
    }
    Functions: {
      accept_staff_invitation: {
        Args: { token: string }
        Returns: Database["public"]["Enums"]["user_role"]
      }
      add_comment: {
        Args: { body: string; id: string; idea_id: string; parent_id?: string }
        Returns: {
          author_id: string
          body: string
          created_at: string
          hidden_reason: string | null
          id: string
          idea_id: string
          parent_id: string | null
          status: Database["public"]["Enums"]["comment_status"]
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "comments"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      add_idea_note: {
        Args: { body: string; idea: string; is_internal?: boolean }
        Returns: {
          actor_id: string | null
          body: string | null
          created_at: string
          details: Json | null
          from_status: Database["public"]["Enums"]["idea_status"] | null
          id: number
          idea_id: string
          is_internal: boolean
          kind: Database["public"]["Enums"]["idea_event_kind"]
          to_status: Database["public"]["Enums"]["idea_status"] | null
        }
        SetofOptions: {
          from: "*"
          to: "idea_events"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      add_idea_photo: {
        Args: {
          p_alt_text: string
          p_bytes: number
          p_height: number
          p_id: string
          p_idea_id: string
          p_width: number
        }
        Returns: {
          alt_text: string
          author_id: string
          bytes: number
          created_at: string
          height: number
          hidden_at: string | null
          hidden_by: string | null
          hidden_reason: string | null
          id: string
          idea_id: string
          position: number
          stored_at: string | null
          width: number
        }
        SetofOptions: {
          from: "*"
          to: "idea_photos"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      admin_audit_facets: { Args: Record<PropertyKey, never>; Returns: Json }
      admin_audit_log: {
        Args: {
          before_id?: number
          by_actor?: string
          of_action?: string
          on_id?: string
          on_table?: string
          page_size?: number
          since?: string
          until?: string
        }
        Returns: {
          action: string
          actor_id: string
          actor_name: string
          actor_role: string
          created_at: string
          details: Json
          id: number
          target_id: string
          target_label: string
          target_table: string
        }[]
      }
      admin_find_users: {
        Args: { max_results?: number; q?: string }
        Returns: {
          created_at: string
          display_name: string
          email: string
          id: string
          kind: Database["public"]["Enums"]["profile_kind"]
          role: Database["public"]["Enums"]["user_role"]
        }[]
      }
      admin_save_district: {
        Args: { geometry: Json; name: string; slug: string }
        Returns: {
          archived_at: string | null
          area: unknown
          area_geojson: Json | null
          created_at: string
          id: number
          name: string
          position: number
          slug: string
        }
        SetofOptions: {
          from: "*"
          to: "districts"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      admin_staff_invitations: {
        Args: Record<PropertyKey, never>
        Returns: {
          accepted_at: string
          accepted_by: string
          created_at: string
          department_ids: number[]
          department_scoped: boolean
          email: string
          expires_at: string
          id: string
          invited_by: string
          revoked_at: string
          role: Database["public"]["Enums"]["user_role"]
        }[]
      }
      admin_user_scopes: {
        Args: { user_ids: string[] }
        Returns: {
          department_scoped: boolean
          user_id: string
        }[]
      }
      bulk_set_idea_status: {
        Args: {
          ideas: string[]
          reason?: string
          status: Database["public"]["Enums"]["idea_status"]
        }
        Returns: Database["public"]["CompositeTypes"]["bulk_result"][]
        SetofOptions: {
          from: "*"
          to: "bulk_result"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      bulk_triage_ideas: {
        Args: {
          ideas: string[]
          patch?: Json
          reason?: string
          status?: Database["public"]["Enums"]["idea_status"]
          versions?: number[]
        }
        Returns: Database["public"]["CompositeTypes"]["bulk_result"][]
        SetofOptions: {
          from: "*"
          to: "bulk_result"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      cancel_account_deletion: {
        Args: Record<PropertyKey, never>
        Returns: boolean
      }
      count_ideas: {
        Args: { filters?: Json; max_count?: number; q?: string }
        Returns: Json
      }
      dashboard_stats: {
        Args: {
          department?: number
          field?: string
          since?: string
          until?: string
        }
        Returns: Json
      }
      delete_my_account: { Args: Record<PropertyKey, never>; Returns: Json }
      export_my_data: { Args: Record<PropertyKey, never>; Returns: Json }
      has_role: {
        Args: { min_role: Database["public"]["Enums"]["user_role"] }
        Returns: boolean
      }
      hide_idea_photo: {
        Args: { p_id: string; p_reason: string }
        Returns: {
          alt_text: string
          author_id: string
          bytes: number
          created_at: string
          height: number
          hidden_at: string | null
          hidden_by: string | null
          hidden_reason: string | null
          id: string
          idea_id: string
          position: number
          stored_at: string | null
          width: number
        }
        SetofOptions: {
          from: "*"
          to: "idea_photos"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      idea_allowance: {
        Args: Record<PropertyKey, never>
        Returns: {
          day_limit: number
          next_at: string
          used: number
        }[]
      }
      idea_next_statuses: {
        Args: { from_status: Database["public"]["Enums"]["idea_status"] }
        Returns: Database["public"]["Enums"]["idea_status"][]
      }
      idea_transition_allowed: {
        Args: {
          from_status: Database["public"]["Enums"]["idea_status"]
          to_status: Database["public"]["Enums"]["idea_status"]
        }
        Returns: boolean
      }
      ideas_in_bbox: {
        Args: {
          filters?: Json
          max_lat: number
          max_lng: number
          min_lat: number
          min_lng: number
          zoom?: number
        }
        Returns: Json
      }
      invite_staff: {
        Args: {
          departments?: number[]
          email: string
          locale?: string
          role: Database["public"]["Enums"]["user_role"]
          scoped?: boolean
        }
        Returns: string
      }
      link_idea_to_measure: {
        Args: { idea: string; linked?: boolean; measure: string }
        Returns: boolean
      }
      mark_notifications_read: { Args: { ids?: number[] }; Returns: number }
      merge_ideas: {
        Args: {
          expected_version?: number
          reason?: string
          source: string
          target: string
        }
        Returns: {
          assignee_id: string | null
          author_id: string | null
          body: string
          comment_count: number
          created_at: string
          department_id: number | null
          district_id: number | null
          field_slug: string
          id: string
          kind: Database["public"]["Enums"]["idea_kind"]
          lat: number | null
          lng: number | null
          location: unknown
          merged_into: string | null
          need_type: Database["public"]["Enums"]["need_type"] | null
          place_hint: string
          priority: Database["public"]["Enums"]["idea_priority"] | null
          published_at: string | null
          round_id: string | null
          search_vector: unknown
          status: Database["public"]["Enums"]["idea_status"]
          status_before_hidden:
            | Database["public"]["Enums"]["idea_status"]
            | null
          status_changed_at: string
          status_reason: string | null
          tags: string[]
          title: string
          title_search: string
          updated_at: string
          version: number
          vote_count: number
        }
        SetofOptions: {
          from: "*"
          to: "ideas"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      my_permissions: { Args: Record<PropertyKey, never>; Returns: Json }
      my_profile: {
        Args: Record<PropertyKey, never>
        Returns: {
          display_name: string
          kind: Database["public"]["Enums"]["profile_kind"]
          locale: string
          role: Database["public"]["Enums"]["user_role"]
        }[]
      }
      priority_score: {
        Args: { m: Database["public"]["Tables"]["measures"]["Row"] }
        Returns: number
      }
      reference_usage: { Args: { kind: string; ref: number }; Returns: Json }
      remove_idea_photo: { Args: { p_id: string }; Returns: boolean }
      remove_measure: { Args: { measure: string }; Returns: string }
      report_figures: {
        Args: {
          bis?: string
          department?: number
          field?: string
          von?: string
        }
        Returns: Json
      }
      request_account_deletion: {
        Args: Record<PropertyKey, never>
        Returns: string
      }
      resolve_report: {
        Args: {
          note?: string
          report: string
          status: Database["public"]["Enums"]["report_status"]
        }
        Returns: {
          comment_id: string | null
          created_at: string
          id: string
          idea_id: string | null
          note: string | null
          photo_id: string | null
          reason: Database["public"]["Enums"]["report_reason"]
          reporter_id: string
          resolution_note: string | null
          resolved_at: string | null
          resolved_by: string | null
          status: Database["public"]["Enums"]["report_status"]
        }
        SetofOptions: {
          from: "*"
          to: "reports"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      respond_to_idea: {
        Args: {
          answer?: string
          expected_version?: number
          idea: string
          status: Database["public"]["Enums"]["idea_status"]
        }
        Returns: {
          assignee_id: string | null
          author_id: string | null
          body: string
          comment_count: number
          created_at: string
          department_id: number | null
          district_id: number | null
          field_slug: string
          id: string
          kind: Database["public"]["Enums"]["idea_kind"]
          lat: number | null
          lng: number | null
          location: unknown
          merged_into: string | null
          need_type: Database["public"]["Enums"]["need_type"] | null
          place_hint: string
          priority: Database["public"]["Enums"]["idea_priority"] | null
          published_at: string | null
          round_id: string | null
          search_vector: unknown
          status: Database["public"]["Enums"]["idea_status"]
          status_before_hidden:
            | Database["public"]["Enums"]["idea_status"]
            | null
          status_changed_at: string
          status_reason: string | null
          tags: string[]
          title: string
          title_search: string
          updated_at: string
          version: number
          vote_count: number
        }
        SetofOptions: {
          from: "*"
          to: "ideas"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      response_figures: { Args: Record<PropertyKey, never>; Returns: Json }
      restore_idea: {
        Args: { expected_version?: number; idea: string }
        Returns: {
          assignee_id: string | null
          author_id: string | null
          body: string
          comment_count: number
          created_at: string
          department_id: number | null
          district_id: number | null
          field_slug: string
          id: string
          kind: Database["public"]["Enums"]["idea_kind"]
          lat: number | null
          lng: number | null
          location: unknown
          merged_into: string | null
          need_type: Database["public"]["Enums"]["need_type"] | null
          place_hint: string
          priority: Database["public"]["Enums"]["idea_priority"] | null
          published_at: string | null
          round_id: string | null
          search_vector: unknown
          status: Database["public"]["Enums"]["idea_status"]
          status_before_hidden:
            | Database["public"]["Enums"]["idea_status"]
            | null
          status_changed_at: string
          status_reason: string | null
          tags: string[]
          title: string
          title_search: string
          updated_at: string
          version: number
          vote_count: number
        }
        SetofOptions: {
          from: "*"
          to: "ideas"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      revoke_staff_invitation: {
        Args: { invitation: string }
        Returns: undefined
      }
      round_state: {
        Args: { r: Database["public"]["Tables"]["participation_rounds"]["Row"] }
        Returns: string
      }
      save_participation_round: {
        Args: {
          district_id?: number
          ends_on: string
          field_slugs?: string[]
          question: string
          round_id: string
          starts_on: string
          title: string
        }
        Returns: string
      }
      save_push_subscription: {
        Args: { auth: string; endpoint: string; label?: string; p256dh: string }
        Returns: string
      }
      search_ideas: {
        Args: {
          filters?: Json
          max_results?: number
          near_lat?: number
          near_lng?: number
          q?: string
          skip?: number
          sort?: string
        }
        Returns: {
          comment_count: number
          created_at: string
          distance_m: number
          district_id: number
          excerpt: string
          field_slug: string
          id: string
          kind: Database["public"]["Enums"]["idea_kind"]
          lat: number
          lng: number
          photo: Json
          rank: number
          status: Database["public"]["Enums"]["idea_status"]
          title: string
          vote_count: number
        }[]
      }
      set_comment_hidden: {
        Args: { comment: string; hidden: boolean; reason?: string }
        Returns: {
          author_id: string
          body: string
          created_at: string
          hidden_reason: string | null
          id: string
          idea_id: string
          parent_id: string | null
          status: Database["public"]["Enums"]["comment_status"]
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "comments"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      set_idea_status: {
        Args: {
          expected_version?: number
          idea: string
          reason?: string
          status: Database["public"]["Enums"]["idea_status"]
        }
        Returns: {
          assignee_id: string | null
          author_id: string | null
          body: string
          comment_count: number
          created_at: string
          department_id: number | null
          district_id: number | null
          field_slug: string
          id: string
          kind: Database["public"]["Enums"]["idea_kind"]
          lat: number | null
          lng: number | null
          location: unknown
          merged_into: string | null
          need_type: Database["public"]["Enums"]["need_type"] | null
          place_hint: string
          priority: Database["public"]["Enums"]["idea_priority"] | null
          published_at: string | null
          round_id: string | null
          search_vector: unknown
          status: Database["public"]["Enums"]["idea_status"]
          status_before_hidden:
            | Database["public"]["Enums"]["idea_status"]
            | null
          status_changed_at: string
          status_reason: string | null
          tags: string[]
          title: string
          title_search: string
          updated_at: string
          version: number
          vote_count: number
        }
        SetofOptions: {
          from: "*"
          to: "ideas"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      set_user_department_scope: {
        Args: { scoped: boolean; user_id: string }
        Returns: boolean
      }
      set_user_departments: {
        Args: { departments: number[]; user_id: string }
        Returns: number[]
      }
      set_user_role: {
        Args: {
          role: Database["public"]["Enums"]["user_role"]
          user_id: string
        }
        Returns: {
          created_at: string
          department_scoped: boolean
          display_name: string
          id: string
          kind: Database["public"]["Enums"]["profile_kind"]
          locale: string
          organization: string | null
          role: Database["public"]["Enums"]["user_role"]
          sector: string | null
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "profiles"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      set_vote: { Args: { idea: string; supported: boolean }; Returns: Json }
      similar_ideas: {
        Args: {
          lat?: number
          lng?: number
          max_results?: number
          title: string
        }
        Returns: Database["public"]["CompositeTypes"]["idea_match"][]
        SetofOptions: {
          from: "*"
          to: "idea_match"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      staff_export_ideas: {
        Args: { after?: string; filters?: Json; page_size?: number }
        Returns: {
          answer: string
          answered_at: string
          assignee: string
          body: string
          comment_count: number
          created_at: string
          department: string
          district: string
          field_slug: string
          id: string
          kind: Database["public"]["Enums"]["idea_kind"]
          lat: number
          lng: number
          measures: string
          need_type: Database["public"]["Enums"]["need_type"]
          place_hint: string
          priority: Database["public"]["Enums"]["idea_priority"]
          status: Database["public"]["Enums"]["idea_status"]
          status_changed_at: string
          status_reason: string
          tags: string[]
          title: string
          vote_count: number
        }[]
      }
      staff_list_ideas: {
        Args: {
          descending?: boolean
          filters?: Json
          page_size?: number
          skip?: number
          sort?: string
        }
        Returns: Json
      }
      staff_members: {
        Args: Record<PropertyKey, never>
        Returns: {
          display_name: string
          id: string
        }[]
      }
      staff_overdue_count: { Args: Record<PropertyKey, never>; Returns: number }
      staff_save_idea: {
        Args: {
          answer?: string
          expected_version: number
          idea: string
          note?: string
          status: Database["public"]["Enums"]["idea_status"]
          triage?: Json
        }
        Returns: {
          assignee_id: string | null
          author_id: string | null
          body: string
          comment_count: number
          created_at: string
          department_id: number | null
          district_id: number | null
          field_slug: string
          id: string
          kind: Database["public"]["Enums"]["idea_kind"]
          lat: number | null
          lng: number | null
          location: unknown
          merged_into: string | null
          need_type: Database["public"]["Enums"]["need_type"] | null
          place_hint: string
          priority: Database["public"]["Enums"]["idea_priority"] | null
          published_at: string | null
          round_id: string | null
          search_vector: unknown
          status: Database["public"]["Enums"]["idea_status"]
          status_before_hidden:
            | Database["public"]["Enums"]["idea_status"]
            | null
          status_changed_at: string
          status_reason: string | null
          tags: string[]
          title: string
          title_search: string
          updated_at: string
          version: number
          vote_count: number
        }
        SetofOptions: {
          from: "*"
          to: "ideas"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      submission_window: {
        Args: Record<PropertyKey, never>
        Returns: {
          closed: boolean
          next_starts_on: string
        }[]
      }
      submit_idea: {
        Args: {
          body: string
          field_slug?: string
          id: string
          kind?: Database["public"]["Enums"]["idea_kind"]
          lat: number
          lng: number
          need_type?: Database["public"]["Enums"]["need_type"]
          place_hint?: string
          round_id?: string
          title: string
        }
        Returns: {
          assignee_id: string | null
          author_id: string | null
          body: string
          comment_count: number
          created_at: string
          department_id: number | null
          district_id: number | null
          field_slug: string
          id: string
          kind: Database["public"]["Enums"]["idea_kind"]
          lat: number | null
          lng: number | null
          location: unknown
          merged_into: string | null
          need_type: Database["public"]["Enums"]["need_type"] | null
          place_hint: string
          priority: Database["public"]["Enums"]["idea_priority"] | null
          published_at: string | null
          round_id: string | null
          search_vector: unknown
          status: Database["public"]["Enums"]["idea_status"]
          status_before_hidden:
            | Database["public"]["Enums"]["idea_status"]
            | null
          status_changed_at: string
          status_reason: string | null
          tags: string[]
          title: string
          title_search: string
          updated_at: string
          version: number
          vote_count: number
        }
        SetofOptions: {
          from: "*"
          to: "ideas"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      support_count: {
        Args: { m: Database["public"]["Tables"]["measures"]["Row"] }
        Returns: number
      }
      triage_idea: {
        Args: { expected_version?: number; idea: string; patch: Json }
        Returns: {
          assignee_id: string | null
          author_id: string | null
          body: string
          comment_count: number
          created_at: string
          department_id: number | null
          district_id: number | null
          field_slug: string
          id: string
          kind: Database["public"]["Enums"]["idea_kind"]
          lat: number | null
          lng: number | null
          location: unknown
          merged_into: string | null
          need_type: Database["public"]["Enums"]["need_type"] | null
          place_hint: string
          priority: Database["public"]["Enums"]["idea_priority"] | null
          published_at: string | null
          round_id: string | null
          search_vector: unknown
          status: Database["public"]["Enums"]["idea_status"]
          status_before_hidden:
            | Database["public"]["Enums"]["idea_status"]
            | null
          status_changed_at: string
          status_reason: string | null
          tags: string[]
          title: string
          title_search: string
          updated_at: string
          version: number
          vote_count: number
        }
        SetofOptions: {
          from: "*"
          to: "ideas"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      unhide_idea_photo: {
        Args: { p_id: string }
        Returns: {
          alt_text: string
          author_id: string
          bytes: number
          created_at: string
          height: number
          hidden_at: string | null
          hidden_by: string | null
          hidden_reason: string | null
          id: string
          idea_id: string
          position: number
          stored_at: string | null
          width: number
        }
        SetofOptions: {
          from: "*"
          to: "idea_photos"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      unsubscribe_email: { Args: { token: string }; Returns: boolean }
      update_measure: {
        Args: { expected_version?: number; measure: string; patch: Json }
        Returns: {
          budget_planned: number | null
          budget_spent: number | null
          council_date: string | null
          council_number: string | null
          council_url: string | null
          created_at: string
          department_id: number | null
          description: string
          effort: number
          field_slug: string
          goal_id: string | null
          id: string
          ideas_follow_status: boolean
          progress: number
          status: Database["public"]["Enums"]["measure_status"]
          strategic_fit: number
          target_date: string | null
          title: string
          updated_at: string
          urgency: number
          version: number
        }
        SetofOptions: {
          from: "*"
          to: "measures"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      update_my_persona: {
        Args: {
          kind: Database["public"]["Enums"]["profile_kind"]
          organization?: string
          sector?: string
        }
        Returns: {
          created_at: string
          department_scoped: boolean
          display_name: string
          id: string
          kind: Database["public"]["Enums"]["profile_kind"]
          locale: string
          organization: string | null
          role: Database["public"]["Enums"]["user_role"]
          sector: string | null
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "profiles"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      update_my_profile: {
        Args: { display_name: string; locale?: string }
        Returns: {
          created_at: string
          department_scoped: boolean
          display_name: string
          id: string
          kind: Database["public"]["Enums"]["profile_kind"]
          locale: string
          organization: string | null
          role: Database["public"]["Enums"]["user_role"]
          sector: string | null
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "profiles"
          isOneToOne: true
          isSetofReturn: false
        }
      }
    }
    Enums: {
      comment_status: "visible" | "hidden"
      email_frequency: "off" | "instant" | "daily" | "weekly"
      idea_event_kind:
        | "status_change"
        | "answer"
        | "note"
        | "triage"
        | "merge"
        | "agenda"
      idea_kind: "idea" | "location_need"
      idea_priority: "low" | "medium" | "high" | "urgent"
      idea_status:
        | "submitted"
        | "published"
        | "under_review"
        | "accepted"
        | "planned"
        | "in_progress"
        | "implemented"
        | "declined"
        | "merged"
        | "hidden"
      measure_status:
        | "proposed"
        | "approved"
        | "in_progress"
        | "done"
        | "dropped"
      moderation_mode: "pre" | "post"
      need_type:
        | "breitband"
        | "mobilfunk"
        | "e_services"
        | "logistik"
        | "sichtbarkeit"
        | "fachkraefte"
        | "sonstiges"
      notification_kind:
        | "status_changed"
        | "answered"
        | "merged"
        | "measure_linked"
        | "published"
        | "hidden"
        | "comment_added"
        | "assigned"
        | "measure_changed"
        | "idea_new"
        | "routed"
        | "report_resolved"
        | "answer_overdue"
      participation_rule: "signed_in" | "registered" | "confirmed"
      profile_kind: "resident" | "business"
      report_reason:
        | "spam"
        | "offensive"
        | "personal_data"
        | "illegal"
        | "off_topic"
        | "other"
      report_status: "open" | "resolved" | "dismissed"
      user_role: "citizen" | "moderator" | "staff" | "admin"
    }
    CompositeTypes: {
      bulk_result: {
        idea_id: string | null
        error: string | null
      }
      idea_match: {
        id: string | null
        title: string | null
        status: Database["public"]["Enums"]["idea_status"] | null
        field_slug: string | null
        vote_count: number | null
        lat: number | null
        lng: number | null
        distance_m: number | null
        similarity: number | null
      }
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends (DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never) = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends (PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never) = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never

export const Constants = {
  public: {
    Enums: {
      comment_status: ["visible", "hidden"],
      email_frequency: ["off", "instant", "daily", "weekly"],
      idea_event_kind: [
        "status_change",
        "answer",
        "note",
        "triage",
        "merge",
        "agenda",
      ],
      idea_kind: ["idea", "location_need"],
      idea_priority: ["low", "medium", "high", "urgent"],
      idea_status: [
        "submitted",
        "published",
        "under_review",
        "accepted",
        "planned",
        "in_progress",
        "implemented",
        "declined",
        "merged",
        "hidden",
      ],
      measure_status: [
        "proposed",
        "approved",
        "in_progress",
        "done",
        "dropped",
      ],
      moderation_mode: ["pre", "post"],
      need_type: [
        "breitband",
        "mobilfunk",
        "e_services",
        "logistik",
        "sichtbarkeit",
        "fachkraefte",
        "sonstiges",
      ],
      notification_kind: [
        "status_changed",
        "answered",
        "merged",
        "measure_linked",
        "published",
        "hidden",
        "comment_added",
        "assigned",
        "measure_changed",
        "idea_new",
        "routed",
        "report_resolved",
        "answer_overdue",
      ],
      participation_rule: ["signed_in", "registered", "confirmed"],
      profile_kind: ["resident", "business"],
      report_reason: [
        "spam",
        "offensive",
        "personal_data",
        "illegal",
        "off_topic",
        "other",
      ],
      report_status: ["open", "resolved", "dismissed"],
      user_role: ["citizen", "moderator", "staff", "admin"],
    },
  },
} as const
