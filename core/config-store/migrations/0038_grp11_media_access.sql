PRAGMA foreign_keys=OFF;--> statement-breakpoint
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
	`media_access` text DEFAULT 'idleAndMedia' NOT NULL,
	`auto_pause_on_no_answer` integer DEFAULT false NOT NULL,
	`show_queue_info` integer DEFAULT false NOT NULL,
	`auto_answer_queue` integer DEFAULT false NOT NULL,
	`auto_answer_predictive` integer DEFAULT false NOT NULL,
	`auto_answer_click_to_dial` integer DEFAULT true NOT NULL,
	`work_link` text,
	`send_login_info` integer DEFAULT false NOT NULL,
	`default_show_inbound_center` integer DEFAULT false NOT NULL,
	`description` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "agent_groups_work_mode" CHECK(work_mode IN ('all', 'selfSelect', 'inbound', 'outbound')),
	CONSTRAINT "agent_groups_outbound_attribute" CHECK(outbound_attribute IN ('unrestricted', 'restricted')),
	CONSTRAINT "agent_groups_wrap_up_mode" CHECK(wrap_up_mode IN ('off', 'afterRinging', 'afterAnswered', 'selfSelect')),
	CONSTRAINT "agent_groups_consult_scope" CHECK(consult_scope IN ('group', 'unrestricted')),
	CONSTRAINT "agent_groups_media_access" CHECK(media_access IN ('idleAndMedia', 'unlimited'))
);
--> statement-breakpoint
INSERT INTO `__new_agent_groups`("id", "team_id", "name", "queue_id", "work_mode", "outbound_attribute", "allow_external_transfer", "consult_scope", "wrap_up_mode", "wrap_up_auto_end_sec", "auto_pause_on_no_answer", "show_queue_info", "auto_answer_queue", "auto_answer_predictive", "auto_answer_click_to_dial", "work_link", "send_login_info", "default_show_inbound_center", "description", "created_at", "updated_at") SELECT "id", "team_id", "name", "queue_id", "work_mode", "outbound_attribute", "allow_external_transfer", "consult_scope", "wrap_up_mode", "wrap_up_auto_end_sec", "auto_pause_on_no_answer", "show_queue_info", "auto_answer_queue", "auto_answer_predictive", "auto_answer_click_to_dial", "work_link", "send_login_info", "default_show_inbound_center", "description", "created_at", "updated_at" FROM `agent_groups`;--> statement-breakpoint
DROP TABLE `agent_groups`;--> statement-breakpoint
ALTER TABLE `__new_agent_groups` RENAME TO `agent_groups`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `agent_groups_team_name_unique` ON `agent_groups` (`team_id`,`name`);--> statement-breakpoint
CREATE INDEX `agent_groups_queue_idx` ON `agent_groups` (`queue_id`);