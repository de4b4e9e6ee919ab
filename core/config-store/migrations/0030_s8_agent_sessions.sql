CREATE TABLE `agent_sessions` (
	`agent_id` integer PRIMARY KEY NOT NULL,
	`team_id` integer NOT NULL,
	`phone_kind` text NOT NULL,
	`phone_number` text NOT NULL,
	`work_mode` text NOT NULL,
	`wrap_up_choice` text,
	`activity` text NOT NULL,
	`pause_reason` text,
	`group_ids` text NOT NULL,
	`source_ip` text,
	`since_ms` integer NOT NULL,
	`activity_since_ms` integer NOT NULL,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "agent_sessions_phone_kind" CHECK(phone_kind IN ('extension', 'external')),
	CONSTRAINT "agent_sessions_work_mode" CHECK(work_mode IN ('inbound', 'outbound', 'all')),
	CONSTRAINT "agent_sessions_wrap_up_choice" CHECK(wrap_up_choice IN ('afterRinging', 'afterAnswered')),
	CONSTRAINT "agent_sessions_activity" CHECK(activity IN ('idle', 'wrapUp', 'paused'))
);
--> statement-breakpoint
CREATE INDEX `agent_sessions_team_idx` ON `agent_sessions` (`team_id`);--> statement-breakpoint
ALTER TABLE `teams` ADD `agent_cdr_access` text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE `teams` ADD `logo_url` text;--> statement-breakpoint
ALTER TABLE `teams` ADD `default_language` text DEFAULT 'zh-CN' NOT NULL;--> statement-breakpoint
ALTER TABLE `agent_group_members` ADD `work_mode` text;--> statement-breakpoint
ALTER TABLE `agent_groups` ADD `work_link` text;--> statement-breakpoint
ALTER TABLE `agent_groups` ADD `send_login_info` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `agent_groups` ADD `default_show_inbound_center` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `api_password_hash` text;