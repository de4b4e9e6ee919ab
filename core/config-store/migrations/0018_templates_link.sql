ALTER TABLE `extensions` ADD `template_id` integer REFERENCES pbx_templates(id);--> statement-breakpoint
ALTER TABLE `extensions` ADD `details` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `extensions_template_idx` ON `extensions` (`template_id`);--> statement-breakpoint
ALTER TABLE `trunks` ADD `template_id` integer REFERENCES pbx_templates(id);--> statement-breakpoint
ALTER TABLE `trunks` ADD `details` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `trunks_template_idx` ON `trunks` (`template_id`);--> statement-breakpoint
-- TRK-14 / EXT-16: the two system defaults, as PbxTemplatesRepository seeds them, so that existing rows can point at them.
INSERT INTO `pbx_templates` (`team_id`, `name`, `template_type`, `protocol`, `details`, `remark`, `is_builtin`, `created_at`, `updated_at`)
SELECT NULL, 'default sip device', 'device', 'sip', 'type=friend' || char(10) || 'host=dynamic' || char(10) || 'nat=yes' || char(10) || 'qualify=yes' || char(10) || 'context=hosted-dialout' || char(10) || 'directmedia=no' || char(10) || 'dtmfmode=rfc2833' || char(10) || 'disallow=all' || char(10) || 'allow=ulaw,alaw,gsm,g729', 'default template for sip device', 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000
WHERE NOT EXISTS (SELECT 1 FROM `pbx_templates` WHERE `team_id` IS NULL AND `name` = 'default sip device');--> statement-breakpoint
INSERT INTO `pbx_templates` (`team_id`, `name`, `template_type`, `protocol`, `details`, `remark`, `is_builtin`, `created_at`, `updated_at`)
SELECT NULL, 'default sip trunk', 'trunk', 'sip', 'type=friend' || char(10) || 'insecure=port,invite' || char(10) || 'directmedia=no' || char(10) || 'context=hosted-dialin' || char(10) || 'dtmfmode=rfc2833' || char(10) || 'disallow=all' || char(10) || 'allow=ulaw,alaw,gsm,g729', 'default template for sip trunk', 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000
WHERE NOT EXISTS (SELECT 1 FROM `pbx_templates` WHERE `team_id` IS NULL AND `name` = 'default sip trunk');--> statement-breakpoint
UPDATE `trunks` SET `template_id` = (SELECT `id` FROM `pbx_templates` WHERE `team_id` IS NULL AND `name` = 'default sip trunk') WHERE `template_id` IS NULL;--> statement-breakpoint
-- Devices of another protocol get that protocol's default when it exists; external extensions are SIP to us.
UPDATE `extensions` SET `template_id` = (SELECT `id` FROM `pbx_templates` WHERE `team_id` IS NULL AND `template_type` = 'device' AND `name` = 'default ' || lower(CASE `device_type` WHEN 'external' THEN 'SIP' ELSE `device_type` END) || ' device') WHERE `template_id` IS NULL;
