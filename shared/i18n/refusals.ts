import { format, type Lang } from "./format";
import { schemaMessagesEn, schemaMessagesZh } from "./schemaMessages";

/**
 * The one bilingual catalogue of what the server refuses (docs/decisions/019-refusal-catalogue.md):
 * commands, policies, guards and the form runner return a key and parameters; pages and API errors
 * render them here in the user's language. Chinese first; TypeScript refuses an English catalogue
 * that misses a key.
 */
const zh = {
  ...schemaMessagesZh,
  // guards and the form runner (app/guards.server.ts, app/intentForm.server.ts)
  "request.unknownIntent": "无法识别的操作",
  "request.checkTheForm": "请检查填写的内容",
  "request.signInFirst": "请先登录",
  "request.noSuchNegotiation": "协商不存在",
  "request.notParticipant": "您不是该协商的参与者",
  "request.roleMayNot": "您的角色不能执行此操作",
  "request.lockedMayNot": "协议已签署锁定,不能再执行此操作",
  "request.noSuchClause": "条款不存在",
  // sign-in (app/routes/login)
  "auth.throttled": "登录失败次数过多,请稍后再试",
  "auth.badCredentials": "用户名或密码不正确",
  // ratification (ratificationRecorder, S-2)
  "ratification.locked": "协议已签署锁定",
  "ratification.forbidden": "只有双方首席代表和上级工会可以登记审议结果",
  "ratification.notAgreed": "尚有条款未达成暂定一致,不能提交职代会审议",
  "ratification.alreadyRatified": "当前文本已经职代会审议通过,无需再次表决",
  "ratification.noSuchVersion": "所选版本不存在",
  "ratification.versionNotLive": "所选版本与当前草案文本不一致:表决的必须是将要签署的文本",
  // filing, review and publication (filingRecorder, S-7)
  "filing.notSigned": "协议签署后才能登记报送",
  "filing.forbidden": "报送由企业方首席代表登记",
  "filing.alreadyFiled": "已经登记过报送日期",
  "filing.beforeSigning": "报送日期不能早于签署日期 {signedOn}",
  "filing.inFuture": "报送日期不能晚于今天",
  "filing.unknownAuthority": "所选劳动行政部门不存在",
  "review.forbidden": "审查结果由双方首席代表或上级工会在签署后登记",
  "review.notFiled": "请先登记报送日期",
  "review.alreadyReviewed": "已经登记过审查结果",
  "review.beforeFiling": "审查结果日期不能早于报送日期 {filedOn}",
  "publication.forbidden": "公布日期由双方首席代表或上级工会登记",
  "publication.notEffective": "协议生效后才能登记公布",
  "publication.alreadyPublished": "已于 {publishedOn} 登记公布",
  "publication.beforeEffect": "公布日期不能早于生效日期 {effectiveOn}",
  // delegations (delegationRegistrar, S-1)
  "delegation.forbidden": "只有双方首席代表和上级工会可以登记或撤销委托",
  "delegation.locked": "协议已签署锁定,不能再变更委托",
  "delegation.standardMode": "标准方式的协商不使用委托;上代下或上参下的协商才需要登记委托。",
  "delegation.kindRepresent": "本次协商为上代下,委托类型应为上代下。",
  "delegation.kindParticipate": "本次协商为上参下,委托类型应为上参下。",
  "delegation.notFound": "委托不存在",
  "delegation.alreadyRevoked": "该委托已经撤销。",
  // versions (versionRestorer, V-*)
  "version.notFound": "版本不存在",
  "version.locked": "协议已签署,文本已锁定",
  "version.overLimits": "超出协议文本的限制,不能保存或恢复:{limit}",
  // talk (commentPoster, caucusNoteWriter, meetingRecorder, T-*)
  "comment.locked": "协议已锁定,不能再评论",
  "comment.observer": "观察员不能发表评论",
  "comment.noSuchParent": "要回复的评论不存在",
  "comment.notFound": "评论不存在",
  "comment.mayNotResolve": "只有评论的作者或首席代表可以标记解决或重新打开",
  "caucus.locked": "协议已锁定,不能再写备注",
  "caucus.observer": "观察员没有内部备注",
  "caucus.notFound": "备注不存在",
  "caucus.notAuthor": "只有备注的作者可以删除",
  // private drafts (caucusDraftResetter, tablingPermissionSetter, R-4, R-5)
  "caucusDraft.observer": "观察员没有内部草案",
  "caucusDraft.resetForbidden": "只有本方首席代表可以重置内部草案",
  "caucusDraft.permissionForbidden": "只有本方首席代表可以更改此设置",
  "meeting.forbidden": "您的角色不能记录协商会议",
  "meeting.chair": "会议由双方首席代表轮流主持,请选择一方首席代表",
  "meeting.attendees": "出席人员须为双方的协商参与人员",
  "meeting.clauses": "所选条款不存在",
  "meeting.notFound": "会议记录不存在",
  "meeting.minutesConfirmed": "会议纪要已经双方首席代表确认,不能再修改",
  "meeting.mayNotConfirm": "只有双方首席代表(上代下时含上级工会)可以确认会议纪要",
  // minimum wages (minimumWageRecorder, EV-2, EV-9)
  "minimumWage.roundExists": "{area} 自 {effectiveFrom} 起的标准已存在,不能覆盖;请录入新的生效日期",
  "minimumWage.unknownArea": "没有“{area}”的最低工资标准",
  // signing authority (server/policies/signing.ts, S-4…S-6)
  "signing.locked": "协议已签署并锁定。",
  // one answer for a wrong password and for someone who cannot sign now
  "signing.notSigned": "未签署:密码不正确,或您此刻不能签署本协议",
  "signing.throttled": "密码错误次数过多,请在 {seconds} 秒后再试",
  "signing.chiefUnderRepresent": "上代下协商由受托的上级工会签署,工会方首席代表不签署。",
  "signing.notSignatory": "您的席位不是本协议的签署人。",
  "signing.alreadySigned": "该签署人已经签署。",
  "signing.noOrganisation": "您的账号未关联组织,不能代表上级工会签署。",
  "signing.noRepresentDelegation": "没有委托您所在工会代为签署的上代下委托书。",
  "signing.noParticipateDelegation": "没有登记您所在工会参与协商的上参下委托。",
  "signing.delegationUnusable": "委托书 {letterNo}:{reason}",
  // delegation validity (shared/rules/delegation.ts, S-1, S-5)
  "delegationRule.otherNegotiation": "该委托不适用于本次协商。",
  "delegationRule.otherUnion": "该委托与本次协商的工会无关。",
  "delegationRule.revoked": "该委托已于 {on} 撤销。",
  "delegationRule.invalidPeriod": "委托的有效期起始日期晚于终止日期。",
  "delegationRule.notYetValid": "该委托自 {from} 起生效。",
  "delegationRule.expired": "该委托已于 {to} 到期。",
  "delegationRule.unknownOrg": "委托涉及的组织不存在。",
  "delegationRule.delegateNotUnion": "受托方必须是上级工会。",
  "delegationRule.representDelegator": "上代下的委托方必须是基层工会或职工大会。",
  "delegationRule.representDirection": "上代下只能委托给委托方的上级工会。",
  "delegationRule.participateDelegator": "上参下中开展协商的一方必须是工会。",
  "delegationRule.participateDirection": "上参下的参与方必须是开展协商的工会的上级工会。",
  // accounts and organisations (accountManager, organisationEditor, the admin guard; A-*)
  "admin.only": "仅系统管理员可以访问",
  "account.usernameTaken": "用户名“{username}”已被使用",
  "account.unknownOrganisation": "所选组织不存在",
  "account.notFound": "账号不存在",
  "account.mayNotResetPassword": "您不能重置该账号的密码",
  "account.ownAccount": "不能停用自己的账号",
  "organisation.unknownParent": "上级组织不存在",
  "organisation.parentKind": "上级组织的类型不符:工会只能隶属于工会,企业只能隶属于企业",
  "organisation.notFound": "组织不存在",
  "organisation.cycle": "不能把组织移到它自己或它的下级组织之下",
  "organisation.inUse": "该组织仍在使用中(下级组织 {children} 个、账号 {accounts} 个、协商 {negotiations} 个、委托 {delegations} 个),不能删除",
  // starting and answering the 要约, clause workflow (negotiationStarter, proposalAnswerer, W-*)
  "negotiation.startForbidden": "只有工会或企业一方的人员可以发起协商要约",
  "proposal.forbidden": "只有未提出要约一方的首席代表可以书面答复",
  "proposal.alreadyAnswered": "要约已于 {answeredOn} 答复",
  "tentativeAgreement.forbidden": "只有双方首席代表(上代下时含上级工会)可以确认暂定一致",
  "clause.statusForbidden": "您的席位不能进行此状态变更",
  // coverage (coverageUpdater, L-6)
  "coverage.forbidden": "覆盖范围由双方首席代表或上级工会填写",
  "coverage.inFuture": "算法规则协商日期不能晚于今天",
  // seats and invites (participantInviter, P-*, X-8)
  "seat.bothSides": "同一人不得同时代表双方:此人所在组织属于另一方",
  "seat.notHigherUnion": "上级工会席位须由本协商的上级工会人员担任",
  "seat.notManaged": "您不能为该席位安排人员:每方只能安排本方人员",
  "seat.roleSideMismatch": "该角色与所选席位不符",
  "seat.outsideChief": "首席代表不得由本单位以外的人员担任",
  "seat.alreadyParticipant": "“{username}”已是本协商的参与者,如需调整请修改其席位",
  "seat.cannotSeat": "无法为“{username}”安排该席位:没有此有效账号,或此人不能担任该席位",
  "seat.unknownParticipant": "该参与者不存在",
  "seat.ownSeat": "不能更改自己的席位,请由本方其他负责人调整",
  "seat.otherSideChange": "您不能调整另一方人员的席位",
  "seat.ownRemoval": "不能移除自己",
  "seat.otherSideRemoval": "您不能移除另一方的人员",
  "invite.notOpen": "该邀请链接已使用、已过期或不存在",
  "invite.used": "该邀请链接已被使用,每个链接只能使用一次。请向邀请人索取新的链接。",
  "invite.expired": "该邀请链接已过期。请向邀请人索取新的链接。",
  "invite.unknown": "邀请链接无效,请检查链接是否完整。",
  "invite.locked": "该协议已签署锁定,不再接受新的参与者。",
  "invite.alreadyJoined": "您已是该协商的参与者,无需再次加入。",
  // tabled rounds (roundTabler, R-5…R-9)
  "round.notASide": "只有协商双方的成员可以提交本方方案",
  "round.inProgress": "本方方案正在提交,请稍候",
  "round.locked": "协议已签署,不能再提交方案",
  "round.forbidden": "只有本方首席代表(或经其授权的协商代表)可以提交本方方案",
  "round.noDraft": "本方尚未开始内部草案",
  "round.nothingToTable": "内部草案与上次的基准文本相同,没有可提交的修改",
  "round.conflicts": "以下条款双方均有修改,请先逐条处理后再提交",
  // query parameters of the JSON routes (evidence, impact, compare, ledger; EV-*, L-4)
  "request.parameter": "参数 {field}:{message}",
  "request.invalid": "请求无效",
  "request.nulCharacter": "不能包含空字符 U+0000",
  "request.repeatedParameter": "参数重复",
  "request.unknownParameter": "未知参数:{names}",
  "request.crossSite": "跨站请求被拒绝",
  "version.noSuchRef": "版本“{version}”不存在",
  "evidence.noRoundInForce": "{area} 在 {onDate} 没有生效的最低工资标准",
  "impact.noBasePrice": "该版本没有写明每单基础单价,无法计算收入",
  // exports and scans (filingPackage, S-7)
  "export.notSignedForFiling": "协议尚未签署,报送审查材料只能在双方签署后生成",
  "delegation.noScan": "没有该委托书扫描件",
  // the table's composition (shared/rules/representation.ts; 集体合同规定第十九条–第二十四条): warnings, not refusals
  "representation.unequalSides": "双方协商代表人数应当对等:职工方 {union} 人,企业方 {enterprise} 人。",
  "representation.tooFew": "{side}协商代表只有 {count} 人,每方至少应有 {min} 人。",
  "representation.noChief": "{side}尚未确定首席代表。",
  "representation.multipleChiefs": "{side}有 {chiefs} 名首席代表,每方只能确定 1 名。",
  "representation.tooManyOutsideExperts": "{side}本单位以外的专业人员 {experts} 人,超过本方代表({count} 人)的{fraction}。",
  "representation.outsideExpertChief": "{side}首席代表不得由本单位以外的人员担任。",
  "representation.bothSides": "同一人不得同时担任双方协商代表({people} 人)。",
  // the ratification verdict (shared/rules/ratification.ts, 集体合同规定第三十六条): parts of one explanation
  "ratificationVerdict.quorumMet": "应到 {total} 人,实到 {attended} 人,达到{fraction}出席的要求(至少 {required} 人)",
  "ratificationVerdict.quorumNotMet": "应到 {total} 人,实到 {attended} 人,未达到{fraction}出席的要求(至少 {required} 人)",
  "ratificationVerdict.approvalMet": "同意 {approved} 人,达到全体{fraction}同意的要求(至少 {required} 人,按应到人数而非实到人数计算)",
  "ratificationVerdict.approvalNotMet": "同意 {approved} 人,未达到全体{fraction}同意的要求(至少 {required} 人,按应到人数而非实到人数计算)",
  "ratificationVerdict.adopted": "{quorum};{approval}。草案获得通过。({source})",
  "ratificationVerdict.notAdopted": "{quorum};{approval}。草案未获通过。({source})",
  "ratificationVerdict.fraction": "{denominator}分之{numerator}",
  "ratificationVerdict.half": "半数",
  "ratificationVerdict.atLeast": "{fraction}以上",
  "ratificationVerdict.moreThan": "超过{fraction}",
  // ledger scope (server/policies/ledger.ts, L-1…L-3)
  "ledger.noLedger": "您的账号不属于工会、企业或劳动保障行政部门,没有台账",
  "ledger.outsideScope": "该组织不在您的台账范围内",
};

export type RefusalKey = keyof typeof zh;

const en: Record<RefusalKey, string> = {
  ...schemaMessagesEn,
  "request.unknownIntent": "Unknown action",
  "request.checkTheForm": "Please check the form",
  "request.signInFirst": "Sign in first",
  "request.noSuchNegotiation": "No such negotiation",
  "request.notParticipant": "You take no part in this negotiation",
  "request.roleMayNot": "Your role may not do this",
  "request.lockedMayNot": "The agreement is signed and locked; this can no longer be done",
  "request.noSuchClause": "No such clause",
  "ratification.locked": "The agreement is signed and locked",
  "ratification.forbidden": "Only the chiefs and the higher-level union may record the vote",
  "ratification.notAgreed": "Every clause must be at tentative agreement before the vote",
  "ratification.alreadyRatified": "This text is already ratified; no second vote is needed",
  "ratification.noSuchVersion": "No such version",
  "ratification.versionNotLive": "The chosen version differs from the live draft: the vote must be on the text that will be signed",
  "filing.notSigned": "Only a signed agreement is filed",
  "filing.forbidden": "The enterprise chief records the filing",
  "filing.alreadyFiled": "The filing date is already recorded",
  "filing.beforeSigning": "The filing date cannot be before the signing date {signedOn}",
  "filing.inFuture": "The filing date cannot be after today",
  "filing.unknownAuthority": "No such labour administration",
  "review.forbidden": "The chiefs or the higher-level union record the review, after signing",
  "review.notFiled": "Record the filing first",
  "review.alreadyReviewed": "The review outcome is already recorded",
  "review.beforeFiling": "The review date cannot be before the filing date {filedOn}",
  "publication.forbidden": "The chiefs or the higher-level union record the publication",
  "publication.notEffective": "Record the publication once the agreement is in effect",
  "publication.alreadyPublished": "The publication was recorded on {publishedOn}",
  "publication.beforeEffect": "The publication date cannot be before the effective date {effectiveOn}",
  "delegation.forbidden": "Only the chiefs and the higher-level union may manage delegations",
  "delegation.locked": "The agreement is signed and locked; delegations can no longer change",
  "delegation.standardMode": "A standard negotiation uses no delegation; only 上代下 and 上参下 do.",
  "delegation.kindRepresent": "This negotiation is 上代下: the delegation must be of that kind.",
  "delegation.kindParticipate": "This negotiation is 上参下: the delegation must be of that kind.",
  "delegation.notFound": "No such delegation",
  "delegation.alreadyRevoked": "This delegation is already revoked.",
  "version.notFound": "No such version",
  "version.locked": "The agreement is signed and locked",
  "version.overLimits": "Over the agreement text's limits; not saved or restored: {limit}",
  "comment.locked": "The agreement is locked; no more comments",
  "comment.observer": "Observers may not comment",
  "comment.noSuchParent": "The comment to reply to does not exist",
  "comment.notFound": "No such comment",
  "comment.mayNotResolve": "Only the comment's author or a chief may resolve or reopen it",
  "caucus.locked": "The agreement is locked; no more notes",
  "caucus.observer": "Observers have no caucus notes",
  "caucus.notFound": "No such note",
  "caucus.notAuthor": "Only the note's author may delete it",
  "caucusDraft.observer": "Observers have no private draft",
  "caucusDraft.resetForbidden": "Only the side's chief resets the private draft",
  "caucusDraft.permissionForbidden": "Only the side's chief changes this",
  "meeting.forbidden": "Your role may not record meetings",
  "meeting.chair": "The chiefs of the two sides chair in turn: choose one side's chief",
  "meeting.attendees": "Attendees must be participants of either side",
  "meeting.clauses": "A chosen clause does not exist",
  "meeting.notFound": "No such meeting",
  "meeting.minutesConfirmed": "The minutes were confirmed by both chiefs and cannot be changed",
  "meeting.mayNotConfirm": "Only the chiefs (under 上代下 also the higher-level union) may confirm minutes",
  "minimumWage.roundExists": "A round for {area} from {effectiveFrom} exists and is never overwritten; enter a new effective date",
  "minimumWage.unknownArea": "No minimum wage is known for “{area}”",
  "signing.locked": "The agreement is already signed and locked.",
  "signing.notSigned": "Not signed: the password is wrong, or you cannot sign this agreement now",
  "signing.throttled": "Too many wrong passwords; try again in {seconds} s",
  "signing.chiefUnderRepresent": "Under 上代下 the delegate higher-level union signs for the union side, not the union's chief.",
  "signing.notSignatory": "Your seat is not one of this agreement's signatories.",
  "signing.alreadySigned": "This signatory has already signed.",
  "signing.noOrganisation": "Your account belongs to no organisation, so it cannot sign for a higher-level union.",
  "signing.noRepresentDelegation": "No 上代下 delegation authorises your union to sign.",
  "signing.noParticipateDelegation": "No 上参下 delegation records your union's participation.",
  "signing.delegationUnusable": "Delegation {letterNo}: {reason}",
  "delegationRule.otherNegotiation": "This delegation was not given for this negotiation.",
  "delegationRule.otherUnion": "This delegation does not concern the union that is bargaining.",
  "delegationRule.revoked": "This delegation was revoked on {on}.",
  "delegationRule.invalidPeriod": "The delegation's validity starts after it ends.",
  "delegationRule.notYetValid": "This delegation is valid only from {from}.",
  "delegationRule.expired": "This delegation expired on {to}.",
  "delegationRule.unknownOrg": "An organisation named in the delegation does not exist.",
  "delegationRule.delegateNotUnion": "The delegate must be a higher-level union.",
  "delegationRule.representDelegator": "Under 上代下 only a grassroots union or the workers' assembly can delegate.",
  "delegationRule.representDirection": "Under 上代下 the delegate must be a union above the delegator.",
  "delegationRule.participateDelegator": "Under 上参下 the bargaining party must be a union.",
  "delegationRule.participateDirection": "Under 上参下 the participant must be a union above the bargaining union.",
  "admin.only": "Administrators only",
  "account.usernameTaken": "The username “{username}” is already taken",
  "account.unknownOrganisation": "No such organisation",
  "account.notFound": "No such account",
  "account.mayNotResetPassword": "You may not reset this account's password",
  "account.ownAccount": "You may not disable your own account",
  "organisation.unknownParent": "No such parent organisation",
  "organisation.parentKind": "The parent is of another kind: a union sits under a union, an enterprise under an enterprise",
  "organisation.notFound": "No such organisation",
  "organisation.cycle": "An organisation cannot move under itself or under one of its own sub-organisations",
  "organisation.inUse": "The organisation is still in use ({children} sub-organisations, {accounts} accounts, {negotiations} negotiations, {delegations} delegations) and cannot be deleted",
  "negotiation.startForbidden": "Only people of a union or an enterprise may make a proposal to bargain",
  "proposal.forbidden": "Only the chief of the side that did not make the proposal answers it",
  "proposal.alreadyAnswered": "The proposal was already answered on {answeredOn}",
  "tentativeAgreement.forbidden": "Only the chiefs (under 上代下 also the higher-level union) may confirm a tentative agreement",
  "clause.statusForbidden": "Your seat may not make this change",
  "coverage.forbidden": "The chiefs or the higher-level union keep the coverage",
  "coverage.inFuture": "The algorithm-rules consultation cannot be after today",
  "seat.bothSides": "Nobody may sit on both sides: this person's organisation belongs to the other side",
  "seat.notHigherUnion": "The higher-level union's seat is for someone of this negotiation's higher-level union",
  "seat.notManaged": "You may not fill that seat: each side seats only its own people",
  "seat.roleSideMismatch": "The role does not fit the chosen side",
  "seat.outsideChief": "A chief may not be an outside expert",
  "seat.alreadyParticipant": "“{username}” already takes part in this negotiation; change their seat instead",
  "seat.cannotSeat": "Cannot seat “{username}”: there is no such active account, or this person cannot take this seat",
  "seat.unknownParticipant": "No such participant",
  "seat.ownSeat": "You may not change your own seat; ask another person in charge on your side",
  "seat.otherSideChange": "You may not change the seats of the other side",
  "seat.ownRemoval": "You may not remove yourself",
  "seat.otherSideRemoval": "You may not remove people of the other side",
  "invite.notOpen": "This invite link was used, has expired or does not exist",
  "invite.used": "This invitation has already been used: each link works once. Ask the person who invited you for a new one.",
  "invite.expired": "This invitation has expired. Ask the person who invited you for a new link.",
  "invite.unknown": "This invitation link is not valid; check that the link is complete.",
  "invite.locked": "The agreement is signed; nobody new can join.",
  "invite.alreadyJoined": "You already take part in this negotiation; no need to join again.",
  "round.notASide": "Only a bargaining side tables a round",
  "round.inProgress": "This side's round is being tabled already; please wait",
  "round.locked": "The agreement is signed and locked; no more rounds are tabled",
  "round.forbidden": "Only the side's chief, or a representative the chief allowed, tables the side's round",
  "round.noDraft": "This side has no private draft yet",
  "round.nothingToTable": "The private draft equals the last base text: there are no changes to table",
  "round.conflicts": "Both sides changed the clauses below: resolve them one by one before tabling",
  "request.parameter": "Parameter {field}: {message}",
  "request.invalid": "Invalid request",
  "request.nulCharacter": "Must not contain a NUL character (U+0000)",
  "auth.throttled": "Too many failed sign-ins; please try again later",
  "auth.badCredentials": "The username or password is incorrect",
  "request.repeatedParameter": "Repeated parameter",
  "request.unknownParameter": "Unknown parameter: {names}",
  "request.crossSite": "Cross-site request refused",
  "version.noSuchRef": "No such version: “{version}”",
  "evidence.noRoundInForce": "No minimum wage for {area} is in force on {onDate}",
  "impact.noBasePrice": "This version names no base price per order, so no income can be computed",
  "export.notSignedForFiling": "The agreement is not signed yet: the filing package is built after signing",
  "delegation.noScan": "No such scan of a delegation letter",
  "representation.unequalSides": "Both sides should have the same number of representatives: union side {union}, enterprise side {enterprise}.",
  "representation.tooFew": "The {side} has {count} representative(s); each side needs at least {min}.",
  "representation.noChief": "The {side} has no chief representative.",
  "representation.multipleChiefs": "The {side} has {chiefs} chief representatives; each side has exactly one.",
  "representation.tooManyOutsideExperts": "The {side} has {experts} outside expert(s), more than {fraction} of its {count} representative(s).",
  "representation.outsideExpertChief": "The {side}'s chief representative may not be an outside expert.",
  "representation.bothSides": "Nobody may represent both sides ({people} person/people do).",
  "ratificationVerdict.quorumMet": "{attended} of {total} attended: the quorum of {fraction} (at least {required}) is met",
  "ratificationVerdict.quorumNotMet": "{attended} of {total} attended: the quorum of {fraction} (at least {required}) is not met",
  "ratificationVerdict.approvalMet": "{approved} approved: approval by {fraction} of all those entitled to vote (at least {required}, counted against the total, not those present) is met",
  "ratificationVerdict.approvalNotMet": "{approved} approved: approval by {fraction} of all those entitled to vote (at least {required}, counted against the total, not those present) is not met",
  "ratificationVerdict.adopted": "{quorum}; {approval}. The draft is adopted. ({source})",
  "ratificationVerdict.notAdopted": "{quorum}; {approval}. The draft is not adopted. ({source})",
  "ratificationVerdict.fraction": "{numerator}/{denominator}",
  "ratificationVerdict.half": "half",
  "ratificationVerdict.atLeast": "at least {fraction}",
  "ratificationVerdict.moreThan": "more than {fraction}",
  "ledger.noLedger": "Only members of a union, an enterprise or the labour administration have a ledger",
  "ledger.outsideScope": "That organisation is outside your ledger",
};

const CATALOGUE: Record<Lang, Record<RefusalKey, string>> = { zh, en };

/** A value that reads differently per language: a domain label (`SIDE_LABELS[side]`) or a numeral. */
export type LangValue = Record<Lang, string>;

/** A refusal's words: a catalogue key and the values its placeholders take. */
export interface RefusalText {
  key: RefusalKey;
  /**
   * Values of the placeholders; a nested text (a reason inside a reason) and a `{ zh, en }` value
   * are rendered in the same language as the message.
   */
  params?: Record<string, string | number | RefusalText | LangValue>;
}

const isText = (v: RefusalText | LangValue): v is RefusalText => "key" in v;

export function refusalText(lang: Lang, text: RefusalText): string {
  const values = Object.fromEntries(
    Object.entries(text.params ?? {}).map(([k, v]) => [k, typeof v !== "object" ? v : isText(v) ? refusalText(lang, v) : v[lang]]),
  );
  return format(CATALOGUE[lang][text.key], values);
}

/**
 * Both renderings as a `{ zh, en }` label, for a page that switches language in the browser
 * without asking the server again (the sign page's "why you cannot sign").
 */
export function refusalLabel(text: RefusalText): Record<Lang, string> {
  return { zh: refusalText("zh", text), en: refusalText("en", text) };
}

/**
 * A field error of a JSON route, which scripts read (SPEC EV-7, L-5): Chinese with the English in
 * brackets — `中文 (English)` — or, for a request in English, the English alone.
 */
export function fieldErrorText(lang: Lang, text: RefusalText | string): string {
  if (typeof text === "string") return text;
  return lang === "en" ? refusalText("en", text) : `${refusalText("zh", text)} (${refusalText("en", text)})`;
}

export const REFUSAL_KEYS = Object.keys(zh) as RefusalKey[];
