import { z } from 'zod';
import { idSchema } from '../shared/api-shape.ts';

/** Most items one quick setup makes: each costs two scrypt hashes (~0.1 s of a core each). */
export const MAX_QUICK_SETUP_ITEMS = 200;

const digits = (max: number) => z.string().regex(new RegExp(`^[0-9]{1,${max}}$`), 'digits');

/** POST /quick-setup (spec 01 §1.9 快速设置). */
export const quickSetupSchema = z
  .object({
    teamId: idSchema.optional().meta({ description: '选择团队; a team admin’s own team' }),
    accountId: idSchema.optional().meta({
      description:
        '账号: every item goes to this existing account; absent generates one account per item (QS-2)',
    }),
    roleId: idSchema.optional().meta({
      description: '角色 of generated accounts (AC-3); the built-in Agent role unless given',
    }),
    target: z
      .enum(['extensions', 'agentsAndExtensions', 'agents'])
      .default('agentsAndExtensions')
      .meta({
        description: '请选择生成对象: what each item is (default agents with their extensions)',
      }),
    count: z.int().min(1).max(MAX_QUICK_SETUP_ITEMS).meta({ description: '生成数量' }),
    usernamePrefix: z
      .string()
      .regex(/^[\p{L}\p{N}_@]{1,60}$/u, 'letters, digits, _ or @')
      .optional()
      .meta({ description: '用户名前缀: item i is usernamePrefix + i (QS-1)' }),
    startExtension: digits(15).optional().meta({ description: '起始分机号码 (QS-1)' }),
    startAgentNo: digits(20).optional().meta({ description: '起始座席工号 (QS-1)' }),
    passwordLength: z.int().min(8).max(64).default(12).meta({ description: '密码长度' }),
    passwordPrefix: z
      .string()
      .regex(/^[\x21-\x7e]{0,60}$/, 'printable ASCII without spaces')
      .optional()
      .meta({ description: '密码前缀: passwords are the prefix plus random characters (QS-3)' }),
    random: z.boolean().default(false).meta({ description: '随机: fully random passwords' }),
    ringTimeoutSec: z.int().min(1).max(3600).default(45).meta({ description: '超时时间' }),
    record: z.boolean().default(false).meta({ description: '录音' }),
    voicemailEnabled: z.boolean().default(false).meta({ description: '语音邮件状态' }),
    templateId: idSchema.optional().meta({ description: '模板 of the generated extensions' }),
    ringbackMohClassId: idSchema.optional().meta({ description: '彩铃 (EXT-13)' }),
    preview: z.boolean().default(false).meta({
      description:
        '预览: return what would be made, write nothing; saving later draws new passwords',
    }),
  })
  .strict()
  .meta({
    example: {
      count: 5,
      usernamePrefix: 'astercc',
      startExtension: '5000',
      startAgentNo: '5000',
      passwordPrefix: 'temp',
      passwordLength: 10,
    },
  });

const item = z.object({
  username: z.string().nullable(),
  userPassword: z.string().nullable(),
  extensionNumber: z.string().nullable(),
  extensionPassword: z.string().nullable(),
  agentNo: z.string().nullable(),
  agentPassword: z.string().nullable(),
});

/** What a quick setup made (or would make): clear passwords, shown this once. */
export const quickSetupResultSchema = z
  .object({
    isPreview: z.boolean(),
    items: z.array(item),
    accountIds: z.array(idSchema),
    extensionIds: z.array(idSchema),
    agentIds: z.array(idSchema),
    csv: z.string().meta({
      description: 'The items as the CSV the manual offers after saving (保存csv文件)',
    }),
  })
  .meta({
    example: {
      isPreview: false,
      items: [
        {
          username: 'astercc0',
          userPassword: 'tempk3Fq9x',
          extensionNumber: '5000',
          extensionPassword: 'tempZ8mPa2',
          agentNo: '5000',
          agentPassword: '4417302981',
        },
      ],
      accountIds: [12],
      extensionIds: [40],
      agentIds: [7],
      csv:
        'extensionNumber,extensionPassword,agentNo,agentPassword,username,userPassword,email\r\n' +
        '5000,tempZ8mPa2,5000,4417302981,astercc0,tempk3Fq9x,\r\n',
    },
  });
