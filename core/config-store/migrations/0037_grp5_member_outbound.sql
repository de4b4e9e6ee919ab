ALTER TABLE `agent_group_members` ADD `outbound_attribute` text;--> statement-breakpoint
ALTER TABLE `agent_group_members` ADD `can_delete_error_call_data` integer DEFAULT false NOT NULL;