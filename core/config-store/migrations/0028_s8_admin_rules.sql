ALTER TABLE `accounts` ADD `export_time_limited` integer DEFAULT false NOT NULL;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_teams` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uid` text NOT NULL,
	`name` text NOT NULL,
	`sip_domain` text,
	`max_accounts` integer DEFAULT 5 NOT NULL,
	`max_agents` integer DEFAULT 5 NOT NULL,
	`max_extensions` integer DEFAULT 5 NOT NULL,
	`max_queues` integer DEFAULT 5 NOT NULL,
	`max_conference_rooms` integer DEFAULT 5 NOT NULL,
	`internal_calls_allowed` integer DEFAULT true NOT NULL,
	`inter_team_prefix` text,
	`forced_recording` integer DEFAULT false NOT NULL,
	`payment_mode` text DEFAULT 'unlimited' NOT NULL,
	`credit_limit_e4` integer DEFAULT 0 NOT NULL,
	`current_fees_e4` integer DEFAULT 0 NOT NULL,
	`display_name` text,
	`description` text,
	`outbound_target_type` text DEFAULT 'none' NOT NULL,
	`outbound_target_id` integer,
	`external_agent_trunk_type` text DEFAULT 'none' NOT NULL,
	`external_agent_trunk_id` integer,
	`default_traffic_type` text,
	`default_traffic_target_id` integer,
	`event_url` text,
	`verification_string_encrypted` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "teams_outbound_target_type" CHECK(outbound_target_type IN ('none', 'trunk', 'trunkGroup')),
	CONSTRAINT "teams_outbound_target" CHECK((outbound_target_type = 'none') = (outbound_target_id IS NULL)),
	CONSTRAINT "teams_external_agent_trunk_type" CHECK(external_agent_trunk_type IN ('none', 'trunk', 'trunkGroup')),
	CONSTRAINT "teams_external_agent_trunk" CHECK((external_agent_trunk_type = 'none') = (external_agent_trunk_id IS NULL)),
	CONSTRAINT "teams_uid_charset" CHECK(uid GLOB '[A-Za-z0-9]*' AND uid NOT GLOB '*[^A-Za-z0-9]*'),
	CONSTRAINT "teams_payment_mode" CHECK(payment_mode IN ('unlimited', 'postpaid', 'prepaid')),
	CONSTRAINT "teams_default_traffic_type" CHECK(default_traffic_type IN ('end', 'extension', 'ringGroup', 'queue', 'ivr', 'conference', 'voicemail', 'application', 'account')),
	CONSTRAINT "teams_default_traffic_target" CHECK((default_traffic_type IS NULL OR default_traffic_type = 'end') = (default_traffic_target_id IS NULL))
);
--> statement-breakpoint
INSERT INTO `__new_teams`("id", "uid", "name", "sip_domain", "max_accounts", "max_agents", "max_extensions", "max_queues", "max_conference_rooms", "internal_calls_allowed", "inter_team_prefix", "forced_recording", "payment_mode", "credit_limit_e4", "current_fees_e4", "display_name", "description", "outbound_target_type", "outbound_target_id", "default_traffic_type", "default_traffic_target_id", "event_url", "verification_string_encrypted", "created_at", "updated_at") SELECT "id", "uid", "name", "sip_domain", "max_accounts", "max_agents", "max_extensions", "max_queues", "max_conference_rooms", "internal_calls_allowed", "inter_team_prefix", "forced_recording", "payment_mode", "credit_limit_e4", "current_fees_e4", "display_name", "description", "outbound_target_type", "outbound_target_id", "default_traffic_type", "default_traffic_target_id", "event_url", "verification_string_encrypted", "created_at", "updated_at" FROM `teams`;--> statement-breakpoint
DROP TABLE `teams`;--> statement-breakpoint
ALTER TABLE `__new_teams` RENAME TO `teams`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `teams_uid_unique` ON `teams` (`uid`);--> statement-breakpoint
CREATE UNIQUE INDEX `teams_sip_domain_unique` ON `teams` (`sip_domain`);--> statement-breakpoint
ALTER TABLE `trunks` ADD `cascade` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `trunks` ADD `cascade_host` text;--> statement-breakpoint
CREATE TABLE `__new_agent_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`name` text NOT NULL,
	`queue_id` integer,
	`work_mode` text DEFAULT 'selfSelect' NOT NULL,
	`outbound_attribute` text DEFAULT 'unrestricted' NOT NULL,
	`allow_external_transfer` integer DEFAULT true NOT NULL,
	`consult_scope` text DEFAULT 'group' NOT NULL,
	`wrap_up_mode` text DEFAULT 'off' NOT NULL,
	`wrap_up_auto_end_sec` integer DEFAULT 0 NOT NULL,
	`auto_pause_on_no_answer` integer DEFAULT false NOT NULL,
	`show_queue_info` integer DEFAULT false NOT NULL,
	`auto_answer_queue` integer DEFAULT false NOT NULL,
	`auto_answer_predictive` integer DEFAULT false NOT NULL,
	`auto_answer_click_to_dial` integer DEFAULT true NOT NULL,
	`description` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "agent_groups_work_mode" CHECK(work_mode IN ('all', 'selfSelect', 'inbound', 'outbound')),
	CONSTRAINT "agent_groups_outbound_attribute" CHECK(outbound_attribute IN ('unrestricted', 'restricted')),
	CONSTRAINT "agent_groups_wrap_up_mode" CHECK(wrap_up_mode IN ('off', 'afterRinging', 'afterAnswered', 'selfSelect')),
	CONSTRAINT "agent_groups_consult_scope" CHECK(consult_scope IN ('group', 'unrestricted'))
);
--> statement-breakpoint
INSERT INTO `__new_agent_groups`("id", "team_id", "name", "queue_id", "work_mode", "outbound_attribute", "allow_external_transfer", "wrap_up_mode", "wrap_up_auto_end_sec", "auto_pause_on_no_answer", "show_queue_info", "auto_answer_queue", "auto_answer_predictive", "auto_answer_click_to_dial", "description", "created_at", "updated_at") SELECT "id", "team_id", "name", "queue_id", "work_mode", "outbound_attribute", "allow_external_transfer", "wrap_up_mode", "wrap_up_auto_end_sec", "auto_pause_on_no_answer", "show_queue_info", "auto_answer_queue", "auto_answer_predictive", "auto_answer_click_to_dial", "description", "created_at", "updated_at" FROM `agent_groups`;--> statement-breakpoint
DROP TABLE `agent_groups`;--> statement-breakpoint
ALTER TABLE `__new_agent_groups` RENAME TO `agent_groups`;--> statement-breakpoint
CREATE UNIQUE INDEX `agent_groups_team_name_unique` ON `agent_groups` (`team_id`,`name`);--> statement-breakpoint
CREATE INDEX `agent_groups_queue_idx` ON `agent_groups` (`queue_id`);