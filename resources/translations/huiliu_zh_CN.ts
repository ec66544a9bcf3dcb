<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountCard</name>
    <message>
        <location filename="../../ui/widgets/account_card.py" line="147"/>
        <source>This account cannot be read: %1</source>
        <translation>无法读取此账户：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/account_card.py" line="160"/>
        <source>No balance recorded yet</source>
        <translation>尚未记录余额</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/account_card.py" line="166"/>
        <source>Negative balance</source>
        <translation>余额为负</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/account_card.py" line="177"/>
        <source>Owes more than the credit limit</source>
        <translation>待还超过信用额度</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/account_card.py" line="179"/>
        <source>Used of the credit limit (what is owed)</source>
        <translation>已用额度（即待还）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/account_card.py" line="181"/>
        <source>used</source>
        <translation>已用</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/account_card.py" line="183"/>
        <source>used of %1</source>
        <translation>已用 / 额度 %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/account_card.py" line="191"/>
        <source>due %1</source>
        <translation>%1还款</translation>
    </message>
</context>
<context>
    <name>AccountDialog</name>
    <message>
        <location filename="../../ui/dialogs/account.py" line="222"/>
        <source>New platform…</source>
        <translation>添加平台…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="254"/>
        <source>This member has no bank card yet</source>
        <translation>该成员还没有银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="401"/>
        <source>Edit account</source>
        <translation>编辑账户</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="401"/>
        <location filename="../../ui/dialogs/account.py" line="442"/>
        <source>Add account</source>
        <translation>添加账户</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="404"/>
        <source>&amp;Platform:</source>
        <translation>平台(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="403"/>
        <source>Own&amp;er:</source>
        <translation>所属成员(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="279"/>
        <source>This card number fails its check digit: check it for a typo. It can still be saved, as some cards do not use the check.</source>
        <translation>此卡号未通过校验位检查：请核对是否输错。仍可保存，因为有些卡不使用该校验。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="380"/>
        <source>The newer version is shown now; make your change again and save.</source>
        <translation>现在显示的是较新的版本，请重新修改后保存。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="382"/>
        <source>Loading the newer version…</source>
        <translation>正在载入较新的版本…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="406"/>
        <source>Account &amp;type:</source>
        <translation>账户类型(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="407"/>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="408"/>
        <source>Account n&amp;umber:</source>
        <translation>账号/卡号(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="409"/>
        <source>&amp;Currency:</source>
        <translation>币种(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="410"/>
        <source>Account cl&amp;ass:</source>
        <translation>账户类别(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="412"/>
        <source>Pa&amp;yment account class:</source>
        <translation>支付账户类别(&amp;Y)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="413"/>
        <source>&amp;Wallet tier:</source>
        <translation>钱包等级(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="414"/>
        <source>Ope&amp;rator:</source>
        <translation>运营机构(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="419"/>
        <source>Current ba&amp;lance:</source>
        <translation>当前余额(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="420"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="411"/>
        <source>&amp;Bound account:</source>
        <translation>绑定账户(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="416"/>
        <source>&amp;Statement day:</source>
        <translation>账单日(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="415"/>
        <source>Cred&amp;it limit:</source>
        <translation>信用额度(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="417"/>
        <source>&amp;Due day:</source>
        <translation>还款日(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="418"/>
        <source>&amp;Opened on:</source>
        <translation>开户日期(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="424"/>
        <source>e.g. Salary card, Alipay balance</source>
        <translation>例如：工资卡、支付宝余额</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="425"/>
        <source>Optional; only the last 4 digits are shown in lists</source>
        <translation>选填；列表中只显示后 4 位</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="426"/>
        <source>The bank or operator that opened the wallet</source>
        <translation>开立该钱包的银行或运营机构</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="427"/>
        <source>Not specified</source>
        <translation>未指定</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="438"/>
        <location filename="../../ui/dialogs/account.py" line="440"/>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account.py" line="442"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>AccountsPage</name>
    <message>
        <location filename="../../ui/views/accounts_page.py" line="181"/>
        <source>The accounts could not be read: %1</source>
        <translation>无法读取账户：%1</translation>
    </message>
    <message>
        <location filename="../../ui/views/accounts_page.py" line="370"/>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../ui/views/accounts_page.py" line="371"/>
        <source>Add member</source>
        <translation>添加成员</translation>
    </message>
    <message>
        <location filename="../../ui/views/accounts_page.py" line="372"/>
        <source>Add account</source>
        <translation>添加账户</translation>
    </message>
    <message>
        <location filename="../../ui/views/accounts_page.py" line="373"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../ui/views/accounts_page.py" line="374"/>
        <source>Add an account for the selected member</source>
        <translation>为选中的成员添加账户</translation>
    </message>
    <message>
        <location filename="../../ui/views/accounts_page.py" line="375"/>
        <source>Connect platform…</source>
        <translation>连接平台…</translation>
    </message>
    <message>
        <location filename="../../ui/views/accounts_page.py" line="378"/>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <location filename="../../ui/views/accounts_page.py" line="379"/>
        <source>Add a member or connect a platform</source>
        <translation>添加成员或连接平台</translation>
    </message>
    <message>
        <location filename="../../ui/views/accounts_page.py" line="381"/>
        <source>Let Huiliu read a bank's or wallet's accounts through its open interface, with consent</source>
        <translation>经您授权，让汇流通过开放接口读取银行或钱包的账户</translation>
    </message>
    <message>
        <location filename="../../ui/views/accounts_page.py" line="383"/>
        <source>Group by platform</source>
        <translation>按平台分组</translation>
    </message>
    <message>
        <location filename="../../ui/views/accounts_page.py" line="384"/>
        <source>Group by member</source>
        <translation>按成员分组</translation>
    </message>
    <message>
        <location filename="../../ui/views/accounts_page.py" line="385"/>
        <source>Edit the selected member or account (or double-click it)</source>
        <translation>编辑选中的成员或账户（也可双击）</translation>
    </message>
    <message>
        <location filename="../../ui/views/accounts_page.py" line="387"/>
        <source>Welcome to Huiliu</source>
        <translation>欢迎使用汇流</translation>
    </message>
    <message>
        <location filename="../../ui/views/accounts_page.py" line="389"/>
        <source>Start with the people in your household. Then add their bank cards, wallets and funds to see everything in one place.</source>
        <translation>先添加家庭成员，再添加他们的银行卡、钱包和基金，所有资产一目了然。</translation>
    </message>
    <message>
        <location filename="../../ui/views/accounts_page.py" line="392"/>
        <source>Add your first member</source>
        <translation>添加第一位成员</translation>
    </message>
</context>
<context>
    <name>AccountsTree</name>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="151"/>
        <source>This record cannot be read: %1</source>
        <translation>此记录无法读取：%1</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="177"/>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="185"/>
        <location filename="../../ui/models/accounts_tree.py" line="196"/>
        <source>Stale</source>
        <translation>未更新</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="222"/>
        <source>ending %1</source>
        <translation>尾号 %1</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="259"/>
        <source>No balance recorded yet</source>
        <translation>尚未记录余额</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="262"/>
        <source>Negative balance</source>
        <translation>余额为负</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="264"/>
        <source>Owes more than the credit limit</source>
        <translation>待还超过信用额度</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="268"/>
        <source>* Not included, no exchange rate yet: %1</source>
        <translation>* 未计入（暂无汇率）：%1</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="274"/>
        <source>Subtotal converted to %1</source>
        <translation>小计折合 %1</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="285"/>
        <source>Never</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="298"/>
        <source>Last synced %1</source>
        <translation>上次同步：%1</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="312"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="320"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="321"/>
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="324"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="332"/>
        <source>Number</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="335"/>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_tree.py" line="346"/>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <location filename="../../ui/models/accounts_by_platform.py" line="18"/>
        <source>The last sync did not finish</source>
        <translation>上次同步未完成</translation>
    </message>
</context>
<context>
    <name>AddPayeeDialog</name>
    <message>
        <location filename="../../ui/dialogs/payee.py" line="83"/>
        <source>Add payee</source>
        <translation>添加收款人</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/payee.py" line="84"/>
        <source>Real &amp;name:</source>
        <translation>真实姓名(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/payee.py" line="85"/>
        <source>Account n&amp;umber:</source>
        <translation>账号(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/payee.py" line="86"/>
        <source>&amp;Bank or platform:</source>
        <translation>开户行或平台(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/payee.py" line="87"/>
        <source>&amp;Kind:</source>
        <translation>账户类型(&amp;K)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/payee.py" line="88"/>
        <source>N&amp;ote (optional):</source>
        <translation>备注（选填）(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/payee.py" line="89"/>
        <source>The name the account is held in</source>
        <translation>账户持有人的姓名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/payee.py" line="90"/>
        <source>Full card, account or wallet number</source>
        <translation>完整的卡号、账号或钱包号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/payee.py" line="94"/>
        <source>For its first 24 hours a new payee is on probation: a transfer to it arrives no earlier than 24 hours after it was added, and you can revoke it until then.</source>
        <translation>新收款人添加后 24 小时内为观察期：转给该收款人的款项最早在添加满 24 小时后到账，到账前可撤销。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/payee.py" line="96"/>
        <source>Save payee</source>
        <translation>保存收款人</translation>
    </message>
</context>
<context>
    <name>AllowanceDialog</name>
    <message>
        <location filename="../../ui/dialogs/allowance.py" line="120"/>
        <source>Saving the allowance…</source>
        <translation>正在保存零花钱…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/allowance.py" line="123"/>
        <source>Allowance for %1</source>
        <translation>%1 的零花钱</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/allowance.py" line="126"/>
        <source>%1 may send up to the approval limit on their own; above it, a guardian approves first.</source>
        <translation>%1 可自行转出不超过审批额度的金额，超出时需先由监护人批准。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/allowance.py" line="129"/>
        <source>&amp;Weekly allowance:</source>
        <translation>每周零花钱(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/allowance.py" line="130"/>
        <source>C&amp;urrency:</source>
        <translation>币种(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/allowance.py" line="131"/>
        <source>&amp;Approval limit:</source>
        <translation>审批额度(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/allowance.py" line="132"/>
        <source>Weekly caps per platform (leave empty for no cap):</source>
        <translation>各平台每周限额（留空表示不限）：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/allowance.py" line="135"/>
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/allowance.py" line="137"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>AmountEdit</name>
    <message>
        <location filename="../../ui/widgets/amount_edit.py" line="88"/>
        <source>In capitals: %1</source>
        <translation>大写：%1</translation>
    </message>
</context>
<context>
    <name>AntiFraudDialog</name>
    <message numerus="yes">
        <location filename="../../ui/dialogs/anti_fraud.py" line="87"/>
        <source>Please read for another %n second(s).</source>
        <translation>
            <numerusform>请再阅读 %n 秒。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/anti_fraud.py" line="95"/>
        <source>Before you transfer</source>
        <translation>转账前请注意</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/anti_fraud.py" line="100"/>
        <source>I have read this</source>
        <translation>我已阅读以上提示</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/anti_fraud.py" line="101"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>AskApprovalDialog</name>
    <message>
        <location filename="../../ui/dialogs/approval.py" line="151"/>
        <source>Sending the request…</source>
        <translation>正在发起申请…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/approval.py" line="159"/>
        <source>Ask for approval</source>
        <translation>发起审批</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/approval.py" line="161"/>
        <source>Say what you would like to do. The members you choose see it under Approvals and decide.</source>
        <translation>说明您想做什么。您选择的成员会在“审批”中看到并决定。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/approval.py" line="163"/>
        <source>&amp;What for:</source>
        <translation>事由(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/approval.py" line="164"/>
        <source>A&amp;mount (optional):</source>
        <translation>金额（可选）(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/approval.py" line="165"/>
        <source>Who decides:</source>
        <translation>审批人：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/approval.py" line="166"/>
        <source>&amp;Needed:</source>
        <translation>审批方式(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/approval.py" line="167"/>
        <source>&amp;Time to decide:</source>
        <translation>审批期限(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/approval.py" line="168"/>
        <source>e.g. a new bicycle</source>
        <translation>例如：买一辆新自行车</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/approval.py" line="172"/>
        <source>%n days</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/approval.py" line="174"/>
        <source>Ask</source>
        <translation>发起</translation>
    </message>
</context>
<context>
    <name>BalanceChart</name>
    <message>
        <location filename="../../ui/widgets/report_charts.py" line="62"/>
        <location filename="../../ui/widgets/balance_chart.py" line="98"/>
        <source>10k yuan</source>
        <translation>万元</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_charts.py" line="64"/>
        <location filename="../../ui/widgets/balance_chart.py" line="100"/>
        <source>thousand yuan</source>
        <translation>千元</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_charts.py" line="65"/>
        <location filename="../../ui/widgets/balance_chart.py" line="101"/>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/balance_chart.py" line="129"/>
        <source>yyyy-MM</source>
        <translation>yy年M月</translation>
    </message>
</context>
<context>
    <name>CategoriesDialog</name>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="213"/>
        <source>Built-in name: %1</source>
        <translation>内置名称：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="215"/>
        <source>Built-in category</source>
        <translation>内置分类</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="217"/>
        <source>A category of your own</source>
        <translation>自定义分类</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="225"/>
        <source>None: a new group</source>
        <translation>无（新建为分组）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="243"/>
        <source>Transactions of these counterparties go to their category at every import and sync.</source>
        <translation>每次导入和同步时，这些交易对方的交易都归入对应分类。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="246"/>
        <source>No rules yet. After you change a transaction's category, its details offer to always put that counterparty there.</source>
        <translation>还没有规则。修改一笔交易的分类后，可在交易详情中选择以后总是把该交易对方归入此分类。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="295"/>
        <source>Added %1.</source>
        <translation>已添加“%1”。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="324"/>
        <source>Renamed to %1.</source>
        <translation>已重命名为“%1”。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="326"/>
        <source>The category has its own name again.</source>
        <translation>分类已恢复原名称。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/categories.py" line="342"/>
        <source>Delete the group %1 and its categories? Their %n transactions move to %2.</source>
        <translation>
            <numerusform>删除分组“%1”及其中的分类？其中的 %n 笔交易将移到“%2”。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/categories.py" line="345"/>
        <source>Delete %1? Its %n transactions move to %2.</source>
        <translation>
            <numerusform>删除“%1”？其中的 %n 笔交易将移到“%2”。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="347"/>
        <source>Delete a category</source>
        <translation>删除分类</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/categories.py" line="359"/>
        <source>Deleted %1; %n transactions moved to %2.</source>
        <translation>
            <numerusform>已删除“%1”，%n 笔交易已移到“%2”。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="377"/>
        <source>The rule was deleted.</source>
        <translation>规则已删除。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="384"/>
        <location filename="../../ui/dialogs/categories.py" line="385"/>
        <source>Categories</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="388"/>
        <source>Double-click a name to change it. Built-in categories can be renamed but not deleted; an empty name gives one its own name back.</source>
        <translation>双击名称即可修改。内置分类可以重命名，但不能删除；名称留空则恢复原名称。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="392"/>
        <location filename="../../ui/dialogs/categories.py" line="393"/>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="392"/>
        <source>Transactions</source>
        <translation>收支明细</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="393"/>
        <source>Counterparty</source>
        <translation>交易对方</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="394"/>
        <source>&amp;Rename</source>
        <translation>重命名(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="395"/>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="396"/>
        <source>&amp;New category:</source>
        <translation>新分类(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="397"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="398"/>
        <source>In &amp;group:</source>
        <translation>所属分组(&amp;G)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="399"/>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="400"/>
        <source>Counterparty rules</source>
        <translation>交易对方规则</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="401"/>
        <source>Delete r&amp;ule</source>
        <translation>删除规则(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="402"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <location filename="../../ui/dialogs/change_passphrase.py" line="44"/>
        <source>Changing the passphrase…</source>
        <translation>正在修改主密码…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/change_passphrase.py" line="49"/>
        <source>This is not the current passphrase; nothing was changed.</source>
        <translation>当前主密码不正确，未做任何修改。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/change_passphrase.py" line="59"/>
        <location filename="../../ui/dialogs/change_passphrase.py" line="67"/>
        <source>Change passphrase</source>
        <translation>修改主密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/change_passphrase.py" line="60"/>
        <source>C&amp;urrent passphrase:</source>
        <translation>当前主密码(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/change_passphrase.py" line="63"/>
        <source>There is no way to recover a forgotten passphrase. If this computer remembers the vault, it keeps working with the new passphrase.</source>
        <translation>忘记的主密码无法找回。如果本机已记住账本，修改主密码后仍可直接解锁。</translation>
    </message>
</context>
<context>
    <name>ColumnMapper</name>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="48"/>
        <source>Ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="49"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="50"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="51"/>
        <source>Amount (signed)</source>
        <translation>金额（带正负号）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="52"/>
        <source>Money out</source>
        <translation>支出</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="53"/>
        <source>Money in</source>
        <translation>收入</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="54"/>
        <source>In/out flag</source>
        <translation>收支标志</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="55"/>
        <source>Counterparty</source>
        <translation>交易对方</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="56"/>
        <source>Description</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="57"/>
        <source>Memo</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="58"/>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="59"/>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="60"/>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="61"/>
        <source>Transaction id</source>
        <translation>交易号</translation>
    </message>
</context>
<context>
    <name>ColumnMapperDialog</name>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="254"/>
        <source>Read with these columns: nothing yet</source>
        <translation>按这些列读取：尚无结果</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="258"/>
        <source>Line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/column_mapper.py" line="263"/>
        <source>Read with these columns: %Ln rows</source>
        <translation>
            <numerusform>按这些列读取：共 %Ln 笔</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="279"/>
        <source>Give these columns a name, such as the bank's</source>
        <translation>请为这组列设置名称，例如银行名称</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="289"/>
        <location filename="../../ui/dialogs/column_mapper.py" line="290"/>
        <source>Which column is which?</source>
        <translation>每一列是什么？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="293"/>
        <source>No importer knows this file, so Huiliu guessed what each column holds from the file itself. Correct any column that is wrong; the rows below are read again as you do. The columns are saved under the name below when you import, and files with the same columns are then read without asking.</source>
        <translation>没有导入器认识这份文件，汇流根据文件内容猜测了每一列的含义。请更正猜错的列，下方的交易会随之重新读取。导入时，这组列按下方名称保存；以后列相同的文件会直接读取，不再询问。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="299"/>
        <source>Save as:</source>
        <translation>保存为：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="300"/>
        <source>Dates:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="301"/>
        <source>Amounts:</source>
        <translation>金额：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="302"/>
        <source>Currency (when no column states it):</source>
        <translation>币种（没有币种列时）：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="303"/>
        <source>Decimal comma (1.234,56)</source>
        <translation>小数点为逗号（1.234,56）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="312"/>
        <source>Recognise automatically</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="317"/>
        <source>Money in is positive</source>
        <translation>收入为正数</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="318"/>
        <source>Money out is positive (card bills)</source>
        <translation>支出为正数（信用卡账单）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="331"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="331"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="331"/>
        <source>Counterparty</source>
        <translation>交易对方</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="331"/>
        <source>Description</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="331"/>
        <source>Memo</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="333"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/column_mapper.py" line="334"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>ConfirmTransferDialog</name>
    <message>
        <location filename="../../ui/dialogs/transfer_confirm.py" line="122"/>
        <source>Sending…</source>
        <translation>正在转账…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transfer_confirm.py" line="135"/>
        <source>Confirm transfer</source>
        <translation>确认转账</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transfer_confirm.py" line="137"/>
        <source>From:</source>
        <translation>转出账户：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transfer_confirm.py" line="138"/>
        <source>To:</source>
        <translation>收款方：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transfer_confirm.py" line="139"/>
        <source>Amount:</source>
        <translation>金额：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transfer_confirm.py" line="140"/>
        <source>Purpose:</source>
        <translation>转账用途：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transfer_confirm.py" line="141"/>
        <source>Arrival:</source>
        <translation>到账方式：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transfer_confirm.py" line="142"/>
        <source>Exchange:</source>
        <translation>换汇：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transfer_confirm.py" line="143"/>
        <source>Why:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transfer_confirm.py" line="144"/>
        <source>Approval:</source>
        <translation>审批：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transfer_confirm.py" line="148"/>
        <source>%1 (in capitals: %2)</source>
        <translation>%1（人民币大写：%2）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transfer_confirm.py" line="158"/>
        <source>%1, arrives %2</source>
        <translation>%1，%2 到账</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transfer_confirm.py" line="161"/>
        <source>Can be revoked until %1</source>
        <translation>%1 前可撤销</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transfer_confirm.py" line="166"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transfer_confirm.py" line="171"/>
        <source>All of %1 must approve before it is sent.</source>
        <translation>需 %1 全部同意后才会转出。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transfer_confirm.py" line="172"/>
        <source>One of %1 must approve before it is sent.</source>
        <translation>需 %1 中一位同意后才会转出。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transfer_confirm.py" line="173"/>
        <source>Confirm transfer %1</source>
        <translation>确认转账 %1</translation>
    </message>
</context>
<context>
    <name>ConnectPlatformDialog</name>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="169"/>
        <source>Step %1 of 4</source>
        <translation>第 %1 步，共 4 步</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="198"/>
        <source>Open consent page</source>
        <translation>打开授权页面</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="198"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="215"/>
        <source>Type the platform's address, starting with https://</source>
        <translation>请输入平台地址，以 https:// 开头</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="237"/>
        <source>Demo platform: log in as %1 with the password %2.</source>
        <translation>模拟平台：请用账号 %1、密码 %2 登录。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="242"/>
        <source>This member has no login on this demo platform.</source>
        <translation>该成员在此模拟平台上没有账号。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="245"/>
        <source>Huiliu never sees the password: it is typed on the platform's page.</source>
        <translation>密码只在平台自己的页面上输入，汇流看不到。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="256"/>
        <source>Huiliu could not listen for the platform's answer: %1</source>
        <translation>汇流无法接收平台的授权回应：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="265"/>
        <source>Waiting for the consent in your browser…</source>
        <translation>正在等待您在浏览器中完成授权…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="271"/>
        <source>If no browser opened, open this address: %1</source>
        <translation>如果浏览器没有自动打开，请手动访问：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="287"/>
        <source>The platform was not connected: %1</source>
        <translation>未能连接平台：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="299"/>
        <source>Connected.</source>
        <translation>已连接。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="301"/>
        <source>Connected %1: %2, %3.</source>
        <translation>已连接%1：%2，%3。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/connect_platform.py" line="302"/>
        <source>%Ln accounts</source>
        <translation>
            <numerusform>%Ln 个账户</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/connect_platform.py" line="303"/>
        <source>%Ln new transactions</source>
        <translation>
            <numerusform>新增 %Ln 笔交易</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="304"/>
        <source>Connected %1, but the first sync did not finish: %2</source>
        <translation>已连接%1，但首次同步未完成：%2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="328"/>
        <location filename="../../ui/dialogs/connect_platform.py" line="329"/>
        <source>Connect a platform</source>
        <translation>连接平台</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="332"/>
        <source>Huiliu reads balances and transactions through the platform's open interface, with your consent. Choose a platform or type its address.</source>
        <translation>经您授权后，汇流通过平台的开放接口读取余额和交易记录。请选择一个平台，或输入平台地址。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="336"/>
        <source>Platform address</source>
        <translation>平台地址</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="338"/>
        <source>Whose login gives the consent? The accounts found are added to this member.</source>
        <translation>由谁登录并授权？读取到的账户将归入该成员名下。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="342"/>
        <source>The platform's consent page is open in your browser. Log in there and approve read access; this window continues by itself.</source>
        <translation>平台的授权页面已在浏览器中打开。请在该页面登录并同意读取权限，本窗口会自动继续。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="346"/>
        <source>Open the page again</source>
        <translation>重新打开页面</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="347"/>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="348"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_platform.py" line="349"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>CreateVaultDialog</name>
    <message>
        <location filename="../../ui/dialogs/create_vault.py" line="145"/>
        <source>Where should Huiliu keep the vault?</source>
        <translation>账本存放在哪里？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/create_vault.py" line="167"/>
        <source>Creating your vault… (making the passphrase slow to guess takes a moment)</source>
        <translation>正在创建账本…（为让主密码难以被破解，需要稍候片刻）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/create_vault.py" line="175"/>
        <source>Not remembered</source>
        <translation>未能记住</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/create_vault.py" line="177"/>
        <source>The vault was created, but this computer has no usable keyring, so Huiliu will ask for the passphrase each time.</source>
        <translation>账本已创建，但本机没有可用的密钥环，因此每次打开汇流都需要输入主密码。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/create_vault.py" line="188"/>
        <source>Create your Huiliu vault</source>
        <translation>创建汇流账本</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/create_vault.py" line="189"/>
        <source>Create your vault</source>
        <translation>创建账本</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/create_vault.py" line="192"/>
        <source>This shared database holds no vault yet. Huiliu keeps your household's accounts there in one encrypted vault that every computer of the household opens. Choose a passphrase to protect it.</source>
        <translation>该共享数据库中还没有账本。汇流会在其中把家庭的账户保存在一个加密账本里，家中每台电脑都能打开。请设置主密码来保护它。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/create_vault.py" line="198"/>
        <source>Huiliu keeps your household's accounts in one encrypted vault on this computer. Choose a passphrase to protect it.</source>
        <translation>汇流把您家庭的账户保存在本机的一个加密账本中。请设置一个主密码来保护它。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/create_vault.py" line="202"/>
        <source>Vault location:</source>
        <translation>账本位置：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/create_vault.py" line="202"/>
        <source>Shared database:</source>
        <translation>共享数据库：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/create_vault.py" line="203"/>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/create_vault.py" line="206"/>
        <source>If you lose this passphrase, nobody can recover the vault — not even Huiliu's makers. Write it down and keep it somewhere safe.</source>
        <translation>一旦忘记主密码，任何人都无法恢复账本，汇流的开发者也不能。请把主密码写下来，妥善保管。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/create_vault.py" line="210"/>
        <source>Remember on this computer (unlock without typing the passphrase)</source>
        <translation>在本机免密解锁（无需输入主密码）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/create_vault.py" line="212"/>
        <source>No system keyring was found (such as GNOME Keyring, KWallet, macOS Keychain or Windows Credential Manager), so the vault cannot be remembered and you will type the passphrase. Install and unlock one, then start Huiliu again, to use this.</source>
        <translation>未找到系统钥匙串（如 GNOME Keyring、KWallet、macOS 钥匙串或 Windows 凭据管理器），因此无法在本机免密解锁账本，每次都需要输入主密码。安装并解锁一个钥匙串后重新启动汇流，即可使用此功能。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/create_vault.py" line="218"/>
        <source>&amp;Create vault</source>
        <translation>创建账本(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/create_vault.py" line="219"/>
        <source>Try the &amp;demo household</source>
        <translation>试用示例家庭(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/create_vault.py" line="221"/>
        <source>Three family members with seven sandbox platforms and a year of history, in a throwaway vault; your own vault is not touched.</source>
        <translation>一家三口、七个模拟平台和一年的交易记录，放在一个用完即删的临时账本中；不会动您自己的账本。</translation>
    </message>
</context>
<context>
    <name>DecisionPanel</name>
    <message>
        <location filename="../../ui/widgets/decision_panel.py" line="61"/>
        <source>Choose the accounts and type an amount to see what will happen.</source>
        <translation>选择账户并输入金额，即可看到转账结果。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/decision_panel.py" line="64"/>
        <source>What will happen</source>
        <translation>转账结果</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/decision_panel.py" line="112"/>
        <source>Arrives: %1</source>
        <translation>到账时间：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/decision_panel.py" line="114"/>
        <source>Can be revoked until %1</source>
        <translation>%1 前可撤销</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/decision_panel.py" line="119"/>
        <source>Today's limit for transfers to others: %1</source>
        <translation>今日向他人转账额度：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/decision_panel.py" line="125"/>
        <source>Risk %1/100: %2</source>
        <translation>风险 %1/100：%2</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/decision_panel.py" line="131"/>
        <source>Needs the approval of all of: %1</source>
        <translation>需要 %1 全部同意</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/decision_panel.py" line="132"/>
        <source>Needs the approval of one of: %1</source>
        <translation>需要 %1 中一位同意</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/decision_panel.py" line="139"/>
        <source>%1 was connected without permission to move money. Connect it again (Accounts, Connect platform…) before the first transfer from it.</source>
        <translation>%1 连接时未授权转账。首次从该平台转账前，请重新连接（账户 › 连接平台…）。</translation>
    </message>
</context>
<context>
    <name>DemoLauncher</name>
    <message>
        <location filename="../../ui/demo.py" line="79"/>
        <source>Huiliu demo</source>
        <translation>汇流示例</translation>
    </message>
    <message>
        <location filename="../../ui/demo.py" line="80"/>
        <source>The demo could not be prepared: %1</source>
        <translation>无法准备示例家庭：%1</translation>
    </message>
</context>
<context>
    <name>DenyDialog</name>
    <message>
        <location filename="../../ui/dialogs/approval.py" line="206"/>
        <source>Deny request</source>
        <translation>拒绝申请</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/approval.py" line="207"/>
        <source>Deny “%1”? The member who asked sees your comment.</source>
        <translation>拒绝“%1”？发起人会看到您的备注。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/approval.py" line="209"/>
        <source>&amp;Comment (optional):</source>
        <translation>备注（可选）(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/approval.py" line="210"/>
        <source>Deny</source>
        <translation>拒绝</translation>
    </message>
</context>
<context>
    <name>EnrolTotpDialog</name>
    <message>
        <location filename="../../ui/dialogs/totp_enrol.py" line="86"/>
        <location filename="../../ui/dialogs/totp_enrol.py" line="122"/>
        <source>Huiliu</source>
        <translation>汇流</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/totp_enrol.py" line="105"/>
        <source>You already verify with another method: use it first to add a code app.</source>
        <translation>您已设置其他验证方式，请先用它验证，再添加验证器应用。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/totp_enrol.py" line="124"/>
        <source>Making the QR code…</source>
        <translation>正在生成二维码…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/totp_enrol.py" line="147"/>
        <source>Checking the code…</source>
        <translation>正在核对验证码…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/totp_enrol.py" line="158"/>
        <source>Set up a code app</source>
        <translation>设置验证器应用</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/totp_enrol.py" line="160"/>
        <source>Transfers above ¥5,000 and other sensitive steps ask for a one-time code. Name this code app, then scan the QR code with it.</source>
        <translation>超过 ¥5,000 的转账等敏感操作需要动态验证码。请为验证器应用命名，然后用它扫描二维码。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/totp_enrol.py" line="162"/>
        <source>&amp;Name in the app:</source>
        <translation>应用中的名称(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/totp_enrol.py" line="163"/>
        <source>&amp;Show the QR code</source>
        <translation>显示二维码(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/totp_enrol.py" line="164"/>
        <source>Scan this QR code with your code app. It works without a network.</source>
        <translation>请用验证器应用扫描此二维码，无需联网即可使用。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/totp_enrol.py" line="165"/>
        <source>Key (to type instead):</source>
        <translation>密钥（手动输入用）：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/totp_enrol.py" line="166"/>
        <source>First &amp;code:</source>
        <translation>首个验证码(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/totp_enrol.py" line="167"/>
        <source>6 digits the app shows now</source>
        <translation>应用当前显示的 6 位数字</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/totp_enrol.py" line="168"/>
        <source>Set up</source>
        <translation>完成设置</translation>
    </message>
</context>
<context>
    <name>FamilyPayeeDialog</name>
    <message>
        <location filename="../../ui/dialogs/family_payee.py" line="76"/>
        <source>Offering the account…</source>
        <translation>正在提供账户…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/family_payee.py" line="84"/>
        <source>Offer a family payee</source>
        <translation>提供家庭收款人</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/family_payee.py" line="87"/>
        <source>The member may then send money to this account without asking first. It counts once both sides have confirmed; a guardian confirms for a teenager or a child.</source>
        <translation>之后该成员无需先申请即可向这个账户转账。双方都确认后才生效；青少年和儿童由监护人代为确认。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/family_payee.py" line="91"/>
        <source>&amp;Account:</source>
        <translation>账户(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/family_payee.py" line="92"/>
        <source>&amp;Offered to:</source>
        <translation>提供给(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/family_payee.py" line="93"/>
        <source>N&amp;ote (optional):</source>
        <translation>备注（可选）(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/family_payee.py" line="94"/>
        <source>Offer</source>
        <translation>提供</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="96"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="114"/>
        <source>The vault was locked before this could be saved; unlock it and try again.</source>
        <translation>保存前账本已锁定，请解锁后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="120"/>
        <source>Something went wrong and nothing was saved: %1</source>
        <translation>出现错误，未保存任何内容：%1</translation>
    </message>
</context>
<context>
    <name>HouseholdInbox</name>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="235"/>
        <source>The approvals could not be read: %1</source>
        <translation>无法读取审批：%1</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="291"/>
        <source>Someone</source>
        <translation>某位成员</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="291"/>
        <location filename="../../ui/views/household_inbox.py" line="637"/>
        <source>Huiliu</source>
        <translation>汇流</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="292"/>
        <source>Member %1</source>
        <translation>成员 %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="293"/>
        <source>%1 (you)</source>
        <translation>%1（本人）</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="301"/>
        <source>An account of %1</source>
        <translation>%1 的账户</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="302"/>
        <source>An account not shared with you</source>
        <translation>未与您共享的账户</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="313"/>
        <location filename="../../ui/views/household_inbox.py" line="534"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="317"/>
        <source>All of %1</source>
        <translation>%1 全部</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="318"/>
        <source>Any one of %1</source>
        <translation>%1 中任意一位</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="322"/>
        <source>Awaiting your decision</source>
        <translation>待您审批</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="325"/>
        <source>%1 of %2 approved</source>
        <translation>%2 位中已有 %1 位批准</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="332"/>
        <source>Expired %1</source>
        <translation>%1过期</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="339"/>
        <source>Asked %1</source>
        <translation>发起于 %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="340"/>
        <source>Decide by %1</source>
        <translation>审批截止 %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="342"/>
        <source>%1: %2</source>
        <translation>共 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="346"/>
        <source>%1 (“%2”)</source>
        <translation>%1（“%2”）</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="385"/>
        <source>Approving…</source>
        <translation>正在批准…</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="398"/>
        <source>Denying…</source>
        <translation>正在拒绝…</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="409"/>
        <source>Cancelling the request…</source>
        <translation>正在撤回申请…</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="454"/>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="454"/>
        <source>Not yet</source>
        <translation>未确认</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="473"/>
        <source>Awaiting your confirmation</source>
        <translation>待您确认</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="493"/>
        <source>Confirming…</source>
        <translation>正在确认…</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="496"/>
        <source>Declining…</source>
        <translation>正在拒绝…</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="499"/>
        <source>Removing the family payee…</source>
        <translation>正在移除家庭收款人…</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="529"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="529"/>
        <source>Platform %1</source>
        <translation>平台 %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="549"/>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="557"/>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="593"/>
        <source>a request expired</source>
        <translation>一条申请已过期</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="594"/>
        <source>confirmed a family payee</source>
        <translation>确认了家庭收款人</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="595"/>
        <source>declined a family payee</source>
        <translation>拒绝了家庭收款人</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="596"/>
        <source>removed a family payee</source>
        <translation>移除了家庭收款人</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="597"/>
        <source>changed who holds an account jointly</source>
        <translation>更改了账户的共同持有人</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="598"/>
        <source>ended a joint holding</source>
        <translation>结束了共同持有</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="622"/>
        <source>%1 for %2</source>
        <translation>%1（提供给 %2）</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="665"/>
        <source>Someone else changed this first, so nothing was changed. It is shown as it is now.</source>
        <translation>已有人先做了更改，您的操作未生效。下方显示的是最新状态。</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="704"/>
        <source>Approvals (%1)</source>
        <translation>审批（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="704"/>
        <source>Approvals</source>
        <translation>审批</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/views/household_inbox.py" line="706"/>
        <source>%n request(s) awaiting your decision</source>
        <translation>
            <numerusform>%n 条审批等您处理</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="713"/>
        <source>No requests yet. Requests you make or must decide appear here.</source>
        <translation>还没有申请。您发起的和需要您审批的申请会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="716"/>
        <source>Requests awaiting your decision come first, then your own, then those already decided.</source>
        <translation>待您审批的申请在最前，其次是您发起的，最后是已有结果的。</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="720"/>
        <source>A family payee is an account one member may send money to without asking first.</source>
        <translation>家庭收款人是成员无需先申请即可转入的账户。</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="724"/>
        <source>A family payee counts once both sides have confirmed; a guardian confirms for a minor.</source>
        <translation>双方都确认后家庭收款人才生效；青少年和儿童由监护人代为确认。</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="727"/>
        <source>Your allowance, as a guardian set it.</source>
        <translation>您的零花钱，由监护人设置。</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="729"/>
        <source>Allowances are for teenagers and children; the household has none.</source>
        <translation>零花钱适用于青少年和儿童，家庭中目前没有。</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="732"/>
        <source>Above the approval limit, a teenager's or child's transfer waits for a guardian.</source>
        <translation>青少年或儿童的转账超过审批额度时，需由监护人批准。</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="736"/>
        <source>Only guardians, and the teenagers and children themselves, see allowances.</source>
        <translation>只有监护人以及青少年、儿童本人可以查看零花钱。</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="738"/>
        <source>The newest %1 events you may see.</source>
        <translation>您可查看的最近 %1 条动态。</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="741"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="742"/>
        <source>Deny…</source>
        <translation>拒绝…</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="743"/>
        <source>Cancel request</source>
        <translation>撤回申请</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="744"/>
        <source>Ask for approval…</source>
        <translation>发起审批…</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="745"/>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="746"/>
        <source>Decline</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="747"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="748"/>
        <source>Offer an account…</source>
        <translation>提供账户…</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="749"/>
        <source>Set allowance…</source>
        <translation>设置零花钱…</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="751"/>
        <source>Request</source>
        <translation>申请</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="751"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="751"/>
        <source>Asked by</source>
        <translation>发起人</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="751"/>
        <source>Who decides</source>
        <translation>审批人</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="752"/>
        <source>Expires</source>
        <translation>截止</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="752"/>
        <location filename="../../ui/views/household_inbox.py" line="756"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="755"/>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="755"/>
        <source>Holder</source>
        <translation>持有人</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="755"/>
        <source>Offered to</source>
        <translation>提供给</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="755"/>
        <source>Holder's side</source>
        <translation>持有人确认</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="756"/>
        <source>Member's side</source>
        <translation>收款成员确认</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="759"/>
        <location filename="../../ui/views/household_inbox.py" line="763"/>
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="759"/>
        <source>Weekly allowance</source>
        <translation>每周零花钱</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="759"/>
        <source>Approval limit</source>
        <translation>审批额度</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="760"/>
        <source>Weekly caps per platform</source>
        <translation>各平台每周限额</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="760"/>
        <source>Set by</source>
        <translation>设置人</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="763"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="763"/>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="763"/>
        <source>About</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="765"/>
        <source>Family payees</source>
        <translation>家庭收款人</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="766"/>
        <source>Allowances</source>
        <translation>零花钱</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_inbox.py" line="767"/>
        <source>Activity</source>
        <translation>动态</translation>
    </message>
</context>
<context>
    <name>HouseholdPage</name>
    <message>
        <location filename="../../ui/views/household_page.py" line="180"/>
        <source>The household could not be read: %1</source>
        <translation>无法读取家庭信息：%1</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="224"/>
        <source>Not yet: no key of their own</source>
        <translation>尚未邀请：没有自己的主密码</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="226"/>
        <source>The vault's passphrase</source>
        <translation>账本主密码</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="227"/>
        <source>Own PIN</source>
        <translation>自己的 PIN</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="227"/>
        <source>Own passphrase</source>
        <translation>自己的主密码</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="230"/>
        <source>Member %1</source>
        <translation>成员 %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="231"/>
        <source>%1 (you)</source>
        <translation>%1（本人）</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="245"/>
        <source>PIN locked after wrong tries</source>
        <translation>PIN 多次输错，已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="274"/>
        <source>Reset PIN…</source>
        <translation>重设 PIN…</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="274"/>
        <source>Reset passphrase…</source>
        <translation>重设主密码…</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="307"/>
        <source>Changing the role…</source>
        <translation>正在更改角色…</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="314"/>
        <source>Unlocking the PIN…</source>
        <translation>正在解除 PIN 锁定…</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="347"/>
        <source>Hidden</source>
        <translation>不可见</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="348"/>
        <source>Balance only</source>
        <translation>仅余额</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="349"/>
        <source>Balance and transactions</source>
        <translation>余额和明细</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="360"/>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="360"/>
        <location filename="../../ui/views/household_page.py" line="385"/>
        <source>Holder</source>
        <translation>持有人</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="365"/>
        <source>Account %1</source>
        <translation>账户 %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="385"/>
        <source>An account is never hidden from its holder.</source>
        <translation>账户始终对持有人可见。</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="389"/>
        <source>%1 has no passphrase or PIN of their own yet: invite them on the Members tab first.</source>
        <translation>%1 还没有自己的主密码或 PIN。请先在“成员”页邀请。</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="390"/>
        <source>Not invited</source>
        <translation>未邀请</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="394"/>
        <source>Only you hold its keys until %1 is invited: it stays shared with you.</source>
        <translation>在邀请 %1 之前，只有您持有此账户的密钥，因此它对您保持可见。</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="403"/>
        <source>What %1 sees of %2</source>
        <translation>%1 能看到“%2”的哪些内容</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="437"/>
        <source>Hide account</source>
        <translation>隐藏账户</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="438"/>
        <source>Hide %1 from %2?</source>
        <translation>对 %2 隐藏“%1”？</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="444"/>
        <source>Its keys are replaced and its records sealed again; %1 keeps nothing.</source>
        <translation>该账户的密钥将更换，记录重新加密，%1 不会保留任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="448"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="468"/>
        <source>Replacing the keys of %1 and sealing its records again…</source>
        <translation>正在更换“%1”的密钥并重新加密记录…</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="470"/>
        <source>Sharing %1…</source>
        <translation>正在共享“%1”…</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="482"/>
        <source>Household</source>
        <translation>家庭</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="483"/>
        <source>Invite…</source>
        <translation>邀请…</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="484"/>
        <source>Give the selected member a passphrase or PIN of their own</source>
        <translation>为所选成员设置自己的主密码或 PIN</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="485"/>
        <source>Change role</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="486"/>
        <source>Unlock PIN</source>
        <translation>解除 PIN 锁定</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="487"/>
        <source>Let the selected child try their PIN again</source>
        <translation>让所选孩子重新输入 PIN</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="491"/>
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="491"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="491"/>
        <source>Unlocks with</source>
        <translation>解锁方式</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="491"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="493"/>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="494"/>
        <source>Who sees which account</source>
        <translation>账户可见范围</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="497"/>
        <source>Each member sees their own accounts and what is shared with them. Hiding an account replaces its keys, so nothing they kept opens it.</source>
        <translation>每位成员能看到自己的账户和别人共享给他的账户。隐藏账户会更换其密钥，对方留存的任何内容都无法再打开它。</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="502"/>
        <source>Nobody unlocks as themselves yet</source>
        <translation>还没有成员用自己的密码解锁</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="504"/>
        <source>Members get their own passphrase (or a PIN, for children) once the owner invites them. Add the people in your household first.</source>
        <translation>户主邀请后，成员会有自己的主密码（儿童用 PIN）。请先添加家庭成员。</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_page.py" line="507"/>
        <source>Add member</source>
        <translation>添加成员</translation>
    </message>
</context>
<context>
    <name>ImportFlow</name>
    <message>
        <location filename="../../ui/import_flow.py" line="88"/>
        <location filename="../../ui/import_flow.py" line="207"/>
        <source>Import a statement</source>
        <translation>导入账单</translation>
    </message>
    <message>
        <location filename="../../ui/import_flow.py" line="90"/>
        <source>Statements (*.csv *.xlsx *.xls *.ofx *.qfx *.qif *.xml *.txt);;All files (*)</source>
        <translation>账单文件 (*.csv *.xlsx *.xls *.ofx *.qfx *.qif *.xml *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/import_flow.py" line="127"/>
        <source>One statement at a time: importing %1 first.</source>
        <translation>每次导入一个账单：先导入 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/import_flow.py" line="140"/>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/import_flow.py" line="184"/>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../../ui/import_flow.py" line="187"/>
        <source>%1 cannot be imported%2: %3. Nothing was imported.</source>
        <translation>%1 无法导入%2：%3。未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/import_flow.py" line="194"/>
        <location filename="../../ui/import_flow.py" line="200"/>
        <source>%1 cannot be imported: %2. Nothing was imported.</source>
        <translation>%1 无法导入：%2。未导入任何内容。</translation>
    </message>
</context>
<context>
    <name>ImportHistoryDialog</name>
    <message>
        <location filename="../../ui/dialogs/import_history.py" line="91"/>
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_history.py" line="91"/>
        <location filename="../../ui/dialogs/import_history.py" line="169"/>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_history.py" line="92"/>
        <source>%Ln added</source>
        <translation>
            <numerusform>新增 %Ln 笔</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_history.py" line="134"/>
        <source>Undo an import</source>
        <translation>撤销导入</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_history.py" line="135"/>
        <source>Take the %Ln transactions imported from %1 out of Huiliu?</source>
        <translation>
            <numerusform>要从汇流中移除从 %1 导入的 %Ln 笔交易吗？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_history.py" line="156"/>
        <source>Undone: %Ln transactions of %1 removed.</source>
        <translation>
            <numerusform>已撤销：移除了 %1 的 %Ln 笔交易。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_history.py" line="165"/>
        <location filename="../../ui/dialogs/import_history.py" line="166"/>
        <source>Import history</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_history.py" line="167"/>
        <source>Nothing was imported yet.</source>
        <translation>还没有导入过任何文件。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_history.py" line="169"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_history.py" line="169"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_history.py" line="169"/>
        <source>Transactions</source>
        <translation>收支明细</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_history.py" line="169"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_history.py" line="171"/>
        <source>Undo this import…</source>
        <translation>撤销这次导入…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_history.py" line="172"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <location filename="../../ui/models/import_rows.py" line="21"/>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="22"/>
        <source>Duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="23"/>
        <source>Closed</source>
        <translation>交易关闭</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="24"/>
        <source>No account</source>
        <translation>未指定账户</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="25"/>
        <source>Other currency</source>
        <translation>币种不符</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="28"/>
        <source>Will be added</source>
        <translation>将被导入</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="29"/>
        <source>Already in Huiliu (same transaction); skipped</source>
        <translation>汇流中已有这笔交易，将跳过</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="30"/>
        <source>No money moved (closed or failed); skipped</source>
        <translation>未发生资金变动（交易关闭或失败），将跳过</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="31"/>
        <source>Choose the account for this statement first</source>
        <translation>请先选择该账单对应的账户</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="32"/>
        <source>Not imported: no account of this holder keeps its currency</source>
        <translation>未导入：持有人没有该币种的账户</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="34"/>
        <source>Outside the period</source>
        <translation>不在期间内</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/import_rows.py" line="53"/>
        <source>%Ln rows</source>
        <translation>
            <numerusform>%Ln 笔</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/import_rows.py" line="58"/>
        <source>%Ln new</source>
        <translation>
            <numerusform>新增 %Ln 笔</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/import_rows.py" line="64"/>
        <source>%Ln duplicates</source>
        <translation>
            <numerusform>重复 %Ln 笔</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/import_rows.py" line="66"/>
        <source>%Ln closed</source>
        <translation>
            <numerusform>交易关闭 %Ln 笔</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/import_rows.py" line="68"/>
        <source>%Ln without an account</source>
        <translation>
            <numerusform>%Ln 笔未指定账户</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/import_rows.py" line="70"/>
        <source>%Ln in another currency (not imported)</source>
        <translation>
            <numerusform>%Ln 笔币种不符（未导入）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="72"/>
        <source>%1: %2</source>
        <translation>共 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="104"/>
        <source>%1: %2, %3</source>
        <translation>%1：%2，%3</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="116"/>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="124"/>
        <source>Line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="139"/>
        <source>%1, %6 on %2: statement %3, Huiliu %4, difference %5</source>
        <translation>%1，%2 %6：对账单 %3，汇流 %4，差额 %5</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="150"/>
        <source>%1: first import, so its opening balance %2 on %3 is recorded (from the statement's %4)</source>
        <translation>%1：首次导入，根据对账单%4记录 %3 的期初余额 %2</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="160"/>
        <source>%1 will show the statement's %2 of %3: %4</source>
        <translation>%1 将显示对账单 %3 的%2：%4</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="175"/>
        <source>%1 (no account yet)</source>
        <translation>%1（尚未指定账户）</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="199"/>
        <source>Line %1 of the file</source>
        <translation>文件第 %1 行</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="216"/>
        <source>Left out</source>
        <translation>不导入</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="232"/>
        <source>Dated outside the period the file states</source>
        <translation>日期不在文件注明的期间内</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="254"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="256"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="259"/>
        <source>Counterparty</source>
        <translation>交易对方</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="267"/>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="271"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/models/import_rows.py" line="280"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="202"/>
        <source>Choose an account…</source>
        <translation>选择账户…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="331"/>
        <source>%1 · detected format %2 (%3)</source>
        <translation>%1 · 识别格式：%2（%3）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="338"/>
        <source>This file was imported before. Only rows not yet in Huiliu would be added.</source>
        <translation>这个文件以前导入过，只会导入汇流中尚未记录的交易。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="362"/>
        <source>About this file:</source>
        <translation>关于此文件：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="366"/>
        <source>Rows that could not be read (not imported):</source>
        <translation>无法读取的行（不会导入）：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="204"/>
        <source>Leave these rows out</source>
        <translation>不导入这些交易</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="213"/>
        <source>Keeps %1; this statement is in %2</source>
        <translation>该账户为 %1，这份账单为 %2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="243"/>
        <source>no currency stated</source>
        <translation>未注明币种</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="244"/>
        <source>This statement</source>
        <translation>这份账单</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_preview.py" line="246"/>
        <location filename="../../ui/dialogs/import_preview.py" line="272"/>
        <source>%Ln rows</source>
        <translation>
            <numerusform>%Ln 笔</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="318"/>
        <source>Loading the accounts…</source>
        <translation>正在读取账户…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="353"/>
        <source>the file states %1 to %2</source>
        <translation>文件注明期间 %1 至 %2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="384"/>
        <source>Nothing new to import</source>
        <translation>没有需要导入的新交易</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="397"/>
        <source>Checking the rows again…</source>
        <translation>正在重新核对…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="418"/>
        <source>Remembering…</source>
        <translation>正在保存对应关系…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="432"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="455"/>
        <source>Undoing the import…</source>
        <translation>正在撤销导入…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_preview.py" line="376"/>
        <source>Import %Ln transactions</source>
        <translation>
            <numerusform>导入 %Ln 笔交易</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_preview.py" line="380"/>
        <source>%Ln rows have no account: choose the statement's account, map the cards that paid them, or leave them out</source>
        <translation>
            <numerusform>%Ln 笔交易没有账户：请选择账单所属账户、为支付的卡指定账户，或不导入这些交易</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="439"/>
        <source>%1; %2; %3.</source>
        <comment>the three parts of an import's outcome</comment>
        <translation>%1；%2；%3。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_preview.py" line="440"/>
        <source>Imported %Ln transactions</source>
        <translation>
            <numerusform>已导入 %Ln 笔交易</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_preview.py" line="441"/>
        <source>%Ln rows skipped</source>
        <translation>
            <numerusform>跳过 %Ln 笔</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_preview.py" line="442"/>
        <source>%Ln transfers between own accounts paired</source>
        <translation>
            <numerusform>配对本人账户互转 %Ln 笔</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_preview.py" line="460"/>
        <source>Import undone: %Ln transactions removed.</source>
        <translation>
            <numerusform>已撤销导入：移除 %Ln 笔交易。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="538"/>
        <location filename="../../ui/dialogs/import_preview.py" line="539"/>
        <source>Import a statement</source>
        <translation>导入账单</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="540"/>
        <source>Which account is this statement for?</source>
        <translation>这份账单属于哪个账户？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="541"/>
        <source>Paid with other cards</source>
        <translation>用其他卡或账户支付的交易</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="544"/>
        <source>Some rows were paid with a card or account other than the statement's own balance. Choose where that money came from (Huiliu remembers it for later imports), or leave those rows out. Until then they are not imported.</source>
        <translation>部分交易使用账单本身余额以外的卡或账户支付。请选择这笔钱来自哪个账户（汇流会在以后的导入中沿用），或不导入这些交易。在此之前，这些交易不会导入。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="550"/>
        <source>New account…</source>
        <translation>添加账户…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="551"/>
        <source>Create the account this statement belongs to, filled in from the file</source>
        <translation>按文件内容预先填好，添加这份账单所属的账户</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="554"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="555"/>
        <source>Undo import</source>
        <translation>撤销导入</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_preview.py" line="556"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>InviteMemberDialog</name>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="104"/>
        <source>A PIN is %1 to %2 digits.</source>
        <translation>PIN 为 %1 到 %2 位数字。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="106"/>
        <source>Use at least %1 characters; a short sentence is easy to remember.</source>
        <translation>至少 %1 个字符；用一句短语更容易记住。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="110"/>
        <source>The two PINs do not match yet.</source>
        <translation>两次输入的 PIN 不一致。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="111"/>
        <source>The two passphrases do not match yet.</source>
        <translation>两次输入的主密码不一致。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="126"/>
        <source>Making their keys…</source>
        <translation>正在生成密钥…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="136"/>
        <source>New PIN for %1</source>
        <translation>为 %1 重设 PIN</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="136"/>
        <source>New passphrase for %1</source>
        <translation>为 %1 重设主密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="138"/>
        <source>Invite %1</source>
        <translation>邀请 %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="142"/>
        <source>%1 forgot their passphrase or PIN? Set a new one here and tell it to them.</source>
        <translation>%1 忘记了主密码或 PIN？在这里设置新的，再告诉对方。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="145"/>
        <source>Give %1 a passphrase or PIN of their own. They unlock Huiliu with it and see their own accounts and what others share with them.</source>
        <translation>为 %1 设置自己的主密码或 PIN。对方用它解锁汇流，能看到自己的账户和别人共享的账户。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="150"/>
        <source>&amp;Unlocks with:</source>
        <translation>解锁方式(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="151"/>
        <source>A passphrase</source>
        <translation>主密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="153"/>
        <source>A PIN (digits only)</source>
        <translation>PIN（仅数字）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="154"/>
        <source>&amp;PIN:</source>
        <translation>PIN(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="154"/>
        <source>&amp;Passphrase:</source>
        <translation>主密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="155"/>
        <source>&amp;Repeat PIN:</source>
        <translation>再次输入 PIN(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="155"/>
        <source>&amp;Repeat passphrase:</source>
        <translation>再次输入主密码(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="158"/>
        <source>Nobody can recover it: if it is forgotten, the owner sets a new one. After %1 wrong tries a PIN locks until a parent unlocks it.</source>
        <translation>它无法找回，忘记后由户主重新设置。PIN 连续输错 %1 次会锁定，需监护人解除。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="162"/>
        <source>Nobody can recover it: if it is forgotten, the owner sets a new one.</source>
        <translation>它无法找回，忘记后由户主重新设置。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="164"/>
        <source>Set new PIN</source>
        <translation>设置新 PIN</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="165"/>
        <source>Set new passphrase</source>
        <translation>设置新主密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/invite_member.py" line="165"/>
        <source>Invite</source>
        <translation>邀请</translation>
    </message>
</context>
<context>
    <name>LockedPage</name>
    <message>
        <location filename="../../ui/views/locked_page.py" line="60"/>
        <source>Huiliu is locked</source>
        <translation>汇流已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/views/locked_page.py" line="61"/>
        <source>Your accounts are hidden until you unlock the vault.</source>
        <translation>解锁账本之前，您的账户信息不会显示。</translation>
    </message>
    <message>
        <location filename="../../ui/views/locked_page.py" line="62"/>
        <source>Unlock…</source>
        <translation>解锁…</translation>
    </message>
    <message>
        <location filename="../../ui/views/locked_page.py" line="63"/>
        <source>Switch member…</source>
        <translation>切换成员…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="333"/>
        <source>This vault was changed outside Huiliu</source>
        <translation>此账本在汇流之外被改动</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="334"/>
        <source>Some records no longer match what Huiliu wrote. Damaged records are shown as damaged and left out of totals; restore the vault from a backup you trust if you did not make these changes yourself.</source>
        <translation>部分记录已与汇流写入的不一致。受损记录会标为受损，不计入合计；如果这些改动不是你本人所为，请从你信任的备份恢复账本。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="372"/>
        <source>Unlocked</source>
        <translation>已解锁</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="368"/>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="317"/>
        <source>%n request(s) awaiting your decision</source>
        <translation>
            <numerusform>%n 条审批等您处理</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="323"/>
        <source>%n transfer(s) can still be revoked</source>
        <translation>
            <numerusform>%n 笔转账仍可撤销</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="370"/>
        <source>Unlocked as %1</source>
        <translation>已解锁：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="449"/>
        <source>This computer now remembers the vault.</source>
        <translation>本机已记住账本。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="451"/>
        <source>This computer no longer remembers the vault.</source>
        <translation>本机已不再记住账本。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="459"/>
        <source>Cannot remember the vault</source>
        <translation>无法记住账本</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="461"/>
        <source>This computer has no usable keyring (such as GNOME Keyring, KWallet, macOS Keychain or Windows Credential Manager), so Huiliu cannot keep the key here. Everything else works; you will type the passphrase to unlock.</source>
        <translation>本机没有可用的密钥环（如 GNOME 密钥环、KWallet、macOS 钥匙串或 Windows 凭据管理器），汇流无法在此保存密钥。其他功能均可正常使用，解锁时输入主密码即可。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="492"/>
        <source>Huiliu opens the shared database at the next start.</source>
        <translation>下次启动时，汇流打开共享数据库。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="493"/>
        <source>Huiliu opens this computer's vault at the next start.</source>
        <translation>下次启动时，汇流打开本机账本。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="513"/>
        <source>The passphrase was changed.</source>
        <translation>主密码已修改。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="524"/>
        <source>About Huiliu</source>
        <translation>关于汇流</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="526"/>
        <source>&lt;h3&gt;Huiliu %1&lt;/h3&gt;&lt;p&gt;One encrypted picture of your household's money across banks, wallets, funds and credit lines. Everything stays in a vault on this computer.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;汇流 %1&lt;/h3&gt;&lt;p&gt;把家庭在银行、钱包、基金和信用账户中的资金汇聚成一幅加密的全景图。所有数据都保存在本机的账本中。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="533"/>
        <source>Something went wrong</source>
        <translation>出现错误</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="546"/>
        <source>Show amounts</source>
        <translation>显示金额</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="546"/>
        <source>Hide amounts</source>
        <translation>隐藏金额</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="548"/>
        <source>Show every amount again</source>
        <translation>重新显示所有金额</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="550"/>
        <source>Hide every amount (for a screen others can see)</source>
        <translation>隐藏所有金额（屏幕可能被他人看到时使用）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="555"/>
        <source>Huiliu</source>
        <translation>汇流</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="556"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="557"/>
        <source>&amp;Vault</source>
        <translation>账本(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="558"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="559"/>
        <source>&amp;Import statement…</source>
        <translation>导入账单(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="560"/>
        <source>Import &amp;history…</source>
        <translation>导入记录(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="562"/>
        <source>Import a bank or wallet statement (or drop the file on the window)</source>
        <translation>导入银行或钱包账单（也可以把文件拖到窗口上）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="564"/>
        <source>&amp;Lock</source>
        <translation>锁定(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="565"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="566"/>
        <source>Lock now: hide everything until the passphrase is typed again</source>
        <translation>立即锁定：隐藏全部内容，直到再次输入主密码</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="567"/>
        <source>S&amp;witch member…</source>
        <translation>切换成员(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="568"/>
        <source>Switch member…</source>
        <translation>切换成员…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="569"/>
        <source>Lock, then unlock as another member of the household</source>
        <translation>锁定，然后以另一位家庭成员的身份解锁</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="570"/>
        <source>&amp;Find transactions…</source>
        <translation>查找交易(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="571"/>
        <source>Search the transactions by counterparty, memo or category</source>
        <translation>按交易对方、备注或分类搜索交易</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="572"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="573"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="574"/>
        <source>Change &amp;passphrase…</source>
        <translation>修改主密码(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="575"/>
        <source>&amp;Remember on this computer</source>
        <translation>在本机免密解锁(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="576"/>
        <source>&amp;About Huiliu</source>
        <translation>关于汇流(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="577"/>
        <source>Where this vault is stored</source>
        <translation>账本的存放位置</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="448"/>
        <source>&amp;Categories…</source>
        <translation>管理分类(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/categories.py" line="450"/>
        <source>Add, rename and delete categories; see the rules for counterparties</source>
        <translation>添加、重命名和删除分类，查看交易对方规则</translation>
    </message>
</context>
<context>
    <name>MemberDialog</name>
    <message>
        <location filename="../../ui/dialogs/member.py" line="73"/>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member.py" line="76"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member.py" line="79"/>
        <source>Real name</source>
        <translation>真实姓名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member.py" line="82"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member.py" line="110"/>
        <source>The newer version is shown now; make your change again and save.</source>
        <translation>现在显示的是较新的版本，请重新修改后保存。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member.py" line="112"/>
        <source>Loading the newer version…</source>
        <translation>正在载入较新的版本…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member.py" line="126"/>
        <source>Edit member</source>
        <translation>编辑成员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member.py" line="126"/>
        <location filename="../../ui/dialogs/member.py" line="141"/>
        <source>Add member</source>
        <translation>添加成员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member.py" line="127"/>
        <source>&amp;Display name:</source>
        <translation>显示名称(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member.py" line="128"/>
        <source>&amp;Role:</source>
        <translation>角色(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member.py" line="129"/>
        <source>Real &amp;name (optional):</source>
        <translation>真实姓名（选填）(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member.py" line="130"/>
        <source>Resident &amp;ID number (optional):</source>
        <translation>居民身份证号（选填）(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member.py" line="131"/>
        <source>e.g. Mum, Dad, Xiaoming</source>
        <translation>例如：妈妈、爸爸、小明</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member.py" line="132"/>
        <source>18 characters; the last may be X</source>
        <translation>18 位，最后一位可以是 X</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member.py" line="137"/>
        <source>The real name and ID number stay encrypted in the vault. Huiliu uses them only to tell whether two accounts are in the same person's name, as transfer rules require.</source>
        <translation>真实姓名和身份证号加密保存在账本中，仅用于按转账规则判断两个账户是否属于同一人（同名账户）。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member.py" line="141"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>NavigationBar</name>
    <message>
        <location filename="../../ui/main_window.py" line="81"/>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="82"/>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="83"/>
        <source>Household</source>
        <translation>家庭</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="85"/>
        <source>Transactions</source>
        <translation>收支明细</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="87"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="88"/>
        <source>Transfer</source>
        <translation>转账</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="89"/>
        <source>Payees</source>
        <translation>收款人</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="90"/>
        <source>Transfer rules</source>
        <translation>转账规则</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/navigation.py" line="232"/>
        <source>Huiliu</source>
        <translation>汇流</translation>
    </message>
</context>
<context>
    <name>NewPassphraseFields</name>
    <message>
        <location filename="../../ui/widgets/new_passphrase.py" line="60"/>
        <source>Use at least %1 characters; a short sentence is easy to remember.</source>
        <translation>至少 %1 个字符；用一句短语更容易记住。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/new_passphrase.py" line="64"/>
        <source>The two passphrases do not match yet.</source>
        <translation>两次输入的主密码不一致。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/new_passphrase.py" line="66"/>
        <source>The passphrases match.</source>
        <translation>两次输入的主密码一致。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/new_passphrase.py" line="73"/>
        <source>&amp;New passphrase:</source>
        <translation>新主密码(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/new_passphrase.py" line="74"/>
        <source>&amp;Repeat new passphrase:</source>
        <translation>再次输入新主密码(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/new_passphrase.py" line="76"/>
        <source>&amp;Passphrase:</source>
        <translation>主密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/new_passphrase.py" line="77"/>
        <source>&amp;Repeat passphrase:</source>
        <translation>再次输入主密码(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>OverviewHeader</name>
    <message>
        <location filename="../../ui/widgets/overview_header.py" line="45"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overview_header.py" line="61"/>
        <source>Converted to CNY at the rates of %1</source>
        <translation>外币按以下日期的汇率折合人民币：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overview_header.py" line="63"/>
        <source>Not included, no exchange rate yet: %1</source>
        <translation>未计入（暂无汇率）：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overview_header.py" line="148"/>
        <source>Everything the household holds, before debts</source>
        <translation>全家所有资产，未扣除负债</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overview_header.py" line="172"/>
        <source>These platforms may be out of date: %1</source>
        <translation>以下平台的数据可能已过期：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overview_header.py" line="177"/>
        <source>Total assets</source>
        <translation>总资产</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overview_header.py" line="178"/>
        <source>Net worth</source>
        <translation>净资产</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overview_header.py" line="179"/>
        <source>Liabilities</source>
        <translation>负债</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overview_header.py" line="180"/>
        <source>Today's change</source>
        <translation>今日变动</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <location filename="../../ui/views/overview_page.py" line="158"/>
        <source>The overview could not be read: %1</source>
        <translation>无法读取总览：%1</translation>
    </message>
    <message>
        <location filename="../../ui/views/overview_page.py" line="259"/>
        <source>owed %1</source>
        <translation>待还 %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/overview_page.py" line="270"/>
        <source>Net worth, last 12 months (%1)</source>
        <translation>净资产，近 12 个月（单位：%1）</translation>
    </message>
    <message>
        <location filename="../../ui/views/overview_page.py" line="302"/>
        <source>no rate yet</source>
        <translation>暂无汇率</translation>
    </message>
    <message>
        <location filename="../../ui/views/overview_page.py" line="327"/>
        <source>No exchange rate to CNY yet: left out of the totals</source>
        <translation>暂无兑人民币汇率，未计入合计</translation>
    </message>
    <message>
        <location filename="../../ui/views/overview_page.py" line="328"/>
        <source>Converted at the rate of %1</source>
        <translation>按 %1 的汇率折算</translation>
    </message>
    <message>
        <location filename="../../ui/views/overview_page.py" line="334"/>
        <source>By member</source>
        <translation>按成员</translation>
    </message>
    <message>
        <location filename="../../ui/views/overview_page.py" line="335"/>
        <source>By currency</source>
        <translation>按币种</translation>
    </message>
</context>
<context>
    <name>PageRouter</name>
    <message>
        <location filename="../../ui/page_router.py" line="74"/>
        <source>Not updated at the last sync: %1</source>
        <translation>上次同步未能更新：%1</translation>
    </message>
</context>
<context>
    <name>PassphraseEdit</name>
    <message>
        <location filename="../../ui/widgets/passphrase_edit.py" line="32"/>
        <source>Hide passphrase</source>
        <translation>隐藏主密码</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/passphrase_edit.py" line="32"/>
        <source>Show passphrase</source>
        <translation>显示主密码</translation>
    </message>
</context>
<context>
    <name>PayeesPage</name>
    <message>
        <location filename="../../ui/views/payees_page.py" line="126"/>
        <source>Cooling until %1</source>
        <translation>观察期至 %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/payees_page.py" line="127"/>
        <source>Saved payee</source>
        <translation>白名单收款人</translation>
    </message>
    <message>
        <location filename="../../ui/views/payees_page.py" line="132"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../../ui/views/payees_page.py" line="162"/>
        <source>Remove payee</source>
        <translation>删除收款人</translation>
    </message>
    <message>
        <location filename="../../ui/views/payees_page.py" line="163"/>
        <source>Remove %1 from your payees? Transfers already made to it stay as they are.</source>
        <translation>从收款人中删除 %1？已完成的转账不受影响。</translation>
    </message>
    <message>
        <location filename="../../ui/views/payees_page.py" line="171"/>
        <source>Cannot remove the payee</source>
        <translation>无法删除收款人</translation>
    </message>
    <message>
        <location filename="../../ui/views/payees_page.py" line="177"/>
        <source>Payees</source>
        <translation>收款人</translation>
    </message>
    <message>
        <location filename="../../ui/views/payees_page.py" line="178"/>
        <source>The people and accounts you send money to. Your own accounts and confirmed family accounts need no payee.</source>
        <translation>您转账的对象。本人账户和已确认的家庭账户无需添加收款人。</translation>
    </message>
    <message>
        <location filename="../../ui/views/payees_page.py" line="180"/>
        <source>&amp;Add payee…</source>
        <translation>添加收款人(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/views/payees_page.py" line="181"/>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/views/payees_page.py" line="183"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/views/payees_page.py" line="183"/>
        <source>Number</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../ui/views/payees_page.py" line="183"/>
        <source>Bank or platform</source>
        <translation>开户行或平台</translation>
    </message>
    <message>
        <location filename="../../ui/views/payees_page.py" line="183"/>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <location filename="../../ui/views/payees_page.py" line="183"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>PlatformForm</name>
    <message>
        <location filename="../../ui/dialogs/platform_form.py" line="44"/>
        <source>Platform name</source>
        <translation>平台名称</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/platform_form.py" line="50"/>
        <source>Legal entity</source>
        <translation>法人机构</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/platform_form.py" line="47"/>
        <source>Platform category</source>
        <translation>平台类型</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/platform_form.py" line="67"/>
        <source>Platform na&amp;me:</source>
        <translation>平台名称(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/platform_form.py" line="68"/>
        <source>Platform cate&amp;gory:</source>
        <translation>平台类型(&amp;G)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/platform_form.py" line="69"/>
        <source>Legal entit&amp;y:</source>
        <translation>法人机构(&amp;Y)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/platform_form.py" line="70"/>
        <source>e.g. China Merchants Bank, Alipay</source>
        <translation>例如：招商银行、支付宝</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/platform_form.py" line="71"/>
        <source>e.g. China Merchants Bank Co., Ltd.</source>
        <translation>例如：招商银行股份有限公司</translation>
    </message>
</context>
<context>
    <name>PolicyPage</name>
    <message>
        <location filename="../../ui/views/policy_page.py" line="173"/>
        <source>%1 (stricter than the pack's %2)</source>
        <translation>%1（比规则包的 %2 更严格）</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="175"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="179"/>
        <source>In force</source>
        <translation>生效中</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="179"/>
        <source>Not in force</source>
        <translation>未生效</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="181"/>
        <source>your own</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="192"/>
        <location filename="../../ui/views/policy_page.py" line="248"/>
        <source>Source: %1</source>
        <translation>依据：%1</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="210"/>
        <source>Your stricter settings (%1)</source>
        <translation>我的更严格设置（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="238"/>
        <source>Choose a rule to see what it says and where it comes from.</source>
        <translation>选择一条规则，查看内容和依据。</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="244"/>
        <source>%1: %2 (the pack's: %3)</source>
        <translation>%1：%2（规则包：%3）</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="249"/>
        <source>Confidence: %1</source>
        <translation>可信度：%1</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="251"/>
        <source>In force from %1 to %2</source>
        <translation>生效期间：%1 至 %2</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="287"/>
        <source>Cannot remove the setting</source>
        <translation>无法删除该设置</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="298"/>
        <source>Set up a code app</source>
        <translation>设置验证器应用</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="308"/>
        <source>Transfer rules</source>
        <translation>转账规则</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="310"/>
        <source>Every transfer goes through these rules. You can make a value stricter or add rules of your own; nothing here can be loosened.</source>
        <translation>每笔转账都要经过这些规则。您可以调严数值或添加自定义规则，但不能放宽。</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="312"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="312"/>
        <source>Source</source>
        <translation>依据可信度</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="312"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="313"/>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="314"/>
        <source>Make &amp;stricter…</source>
        <translation>调严(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="315"/>
        <source>Set up a &amp;code app…</source>
        <translation>设置验证器应用(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="316"/>
        <source>&amp;Add your own rule…</source>
        <translation>添加自定义规则(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="317"/>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/views/policy_page.py" line="318"/>
        <source>Your stricter values and your own rules. Removing one brings back the pack's value.</source>
        <translation>您调严的数值和自定义规则。删除后恢复规则包的数值。</translation>
    </message>
</context>
<context>
    <name>PolicyWords</name>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="38"/>
        <source>%1 hours</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="39"/>
        <source>%1 o'clock</source>
        <translation>%1 点</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="40"/>
        <source>%1 seconds</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="41"/>
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="42"/>
        <source>%1 transfers</source>
        <translation>%1 笔</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="43"/>
        <source>%1 times</source>
        <translation>%1 倍</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="44"/>
        <source>%1 points</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="205"/>
        <source>Stricter value of “%1”: %2</source>
        <translation>“%1”的更严格数值：%2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="209"/>
        <source>Your own rule: %1</source>
        <translation>自定义规则：%1</translation>
    </message>
</context>
<context>
    <name>ReportCharts</name>
    <message>
        <location filename="../../ui/widgets/report_charts.py" line="82"/>
        <source>MMM yyyy</source>
        <translation>yy年M月</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_charts.py" line="90"/>
        <source>MMM</source>
        <translation>M月</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_charts.py" line="231"/>
        <source>Income</source>
        <translation>收入</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_charts.py" line="232"/>
        <source>Spending</source>
        <translation>支出</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_charts.py" line="287"/>
        <location filename="../../ui/widgets/report_charts.py" line="381"/>
        <source>%1: %2</source>
        <translation>共 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_charts.py" line="292"/>
        <source>Month's spending: %1</source>
        <translation>当月支出：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_charts.py" line="294"/>
        <source>Income less spending: %1</source>
        <translation>收支结余：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_charts.py" line="357"/>
        <source>Household total</source>
        <translation>家庭合计</translation>
    </message>
</context>
<context>
    <name>ReportFilters</name>
    <message>
        <location filename="../../ui/widgets/report_filters.py" line="122"/>
        <source>&amp;Member:</source>
        <translation>成员(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_filters.py" line="123"/>
        <source>&amp;Period:</source>
        <translation>时间(&amp;P)：</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../ui/views/reports_page.py" line="229"/>
        <source>The report could not be read: %1</source>
        <translation>报表读取失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="273"/>
        <source>Show amounts to export them</source>
        <translation>显示金额后才能导出</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="280"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="293"/>
        <source>Left out for want of an exchange rate to CNY: %1</source>
        <translation>缺少兑人民币汇率，未计入：%1</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="302"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="306"/>
        <source>No spending in this period.</source>
        <translation>这段时间没有支出。</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="309"/>
        <source>Spending by category per month</source>
        <translation>每月分类支出</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/views/reports_page.py" line="313"/>
        <source>Spent %1 over %Ln month(s); click a bar to see its transactions.</source>
        <translation>
            <numerusform>%Ln 个月共支出 %1。点击柱形可查看对应的收支明细。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="319"/>
        <source>No income or spending in this period.</source>
        <translation>这段时间没有收入或支出。</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="323"/>
        <source>Income and spending per month</source>
        <translation>每月收入与支出</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="327"/>
        <source>Income %1, spending %2, left over %3.</source>
        <translation>收入 %1，支出 %2，结余 %3。</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="335"/>
        <source>No balances to show for this period.</source>
        <translation>这段时间没有可显示的余额。</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="339"/>
        <source>Net worth at each month's end, by member</source>
        <translation>按成员统计的月末净资产</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="341"/>
        <source>Net worth at each month's end, by platform kind</source>
        <translation>按平台类型统计的月末净资产</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="347"/>
        <source>From %1 on %2 to %3 on %4.</source>
        <translation>%2 为 %1，%4 为 %3。</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="356"/>
        <source>No moves between own accounts on different platforms in this period.</source>
        <translation>这段时间没有不同平台之间的本人账户互转。</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="358"/>
        <source>Moves between own accounts, from one platform to another</source>
        <translation>不同平台之间的本人账户互转</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/views/reports_page.py" line="365"/>
        <source>%Ln transfer(s)</source>
        <translation>
            <numerusform>%Ln 笔</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="377"/>
        <source>In all %1 moved between platforms.</source>
        <translation>平台之间共互转 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="406"/>
        <source>spending-by-category</source>
        <translation>分类支出</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="407"/>
        <source>income-and-spending</source>
        <translation>收入与支出</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="408"/>
        <source>net-worth</source>
        <translation>净资产走势</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="409"/>
        <source>cash-flow</source>
        <translation>平台间资金往来</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="419"/>
        <source>Export PNG</source>
        <translation>导出图片</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="419"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="437"/>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="437"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="448"/>
        <source>The file could not be written: %1</source>
        <translation>文件写入失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="459"/>
        <source>The image could not be saved.</source>
        <translation>图片保存失败。</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="464"/>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="470"/>
        <source>Spending by category</source>
        <translation>分类支出</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="471"/>
        <source>Income and spending</source>
        <translation>收入与支出</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="472"/>
        <source>Net worth over time</source>
        <translation>净资产走势</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="473"/>
        <source>Cash flow between platforms</source>
        <translation>平台间资金往来</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="477"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="478"/>
        <source>&amp;Report:</source>
        <translation>报表(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="481"/>
        <source>By member</source>
        <translation>按成员</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="482"/>
        <source>By platform kind</source>
        <translation>按平台类型</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="483"/>
        <source>Export PNG…</source>
        <translation>导出图片…</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="484"/>
        <source>Save the chart as it is on screen</source>
        <translation>按屏幕上显示的样子保存图表</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="485"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="487"/>
        <source>From platform</source>
        <translation>转出平台</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="487"/>
        <source>To platform</source>
        <translation>转入平台</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="487"/>
        <source>Transfers</source>
        <translation>笔数</translation>
    </message>
    <message>
        <location filename="../../ui/views/reports_page.py" line="487"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="145"/>
        <source>Enter the shared database's address.</source>
        <translation>请输入共享数据库的地址。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="147"/>
        <source>The address must start with postgresql://</source>
        <translation>地址须以 postgresql:// 开头</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="164"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="169"/>
        <source>Huiliu opens this database instead of this computer's vault at the next start.</source>
        <translation>下次启动时，汇流打开此数据库，不再打开本机账本。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="173"/>
        <source>Huiliu opens the vault kept on this computer.</source>
        <translation>汇流打开保存在本机的账本。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="175"/>
        <source>Huiliu opens the vault kept on this computer again at the next start.</source>
        <translation>下次启动时，汇流重新打开保存在本机的账本。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="197"/>
        <source>Could not connect: %1</source>
        <translation>无法连接：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="199"/>
        <source>Connected. A Huiliu vault is there; it is unlocked at the next start.</source>
        <translation>已连接。其中已有汇流账本，下次启动时解锁。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="202"/>
        <source>Connected. The database holds no Huiliu vault yet; one is created there at the next start.</source>
        <translation>已连接。该数据库中还没有汇流账本，下次启动时在其中创建。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="219"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="220"/>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="221"/>
        <source>Lock after &amp;idle:</source>
        <translation>无操作自动锁定(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="222"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="223"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="224"/>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="225"/>
        <source>Green for gains, red for losses (as outside mainland China)</source>
        <translation>绿涨红跌（中国大陆以外的习惯）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="226"/>
        <source>Shared database</source>
        <translation>共享数据库</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="227"/>
        <source>Use this &amp;computer's vault</source>
        <translation>使用本机账本(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="228"/>
        <source>Use a &amp;shared database (PostgreSQL), for several computers</source>
        <translation>使用共享数据库（PostgreSQL），供多台电脑使用(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="229"/>
        <source>Database &amp;address:</source>
        <translation>数据库地址(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="230"/>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="233"/>
        <source>Huiliu locks itself after this many minutes without keyboard or mouse use, and asks for the passphrase again.</source>
        <translation>键盘和鼠标闲置达到设定的分钟数后，汇流会自动锁定，并要求重新输入主密码。</translation>
    </message>
</context>
<context>
    <name>StaleBadge</name>
    <message>
        <location filename="../../ui/widgets/account_card.py" line="38"/>
        <source>Stale</source>
        <translation>未更新</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/account_card.py" line="39"/>
        <source>The last sync did not finish; this balance may be out of date.</source>
        <translation>上次同步未完成，此余额可能已过期。</translation>
    </message>
</context>
<context>
    <name>StepUpDialog</name>
    <message>
        <location filename="../../ui/dialogs/step_up.py" line="117"/>
        <source>Checking the code…</source>
        <translation>正在核对验证码…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/step_up.py" line="124"/>
        <source>Touch the fingerprint reader…</source>
        <translation>请触摸指纹识别器…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/step_up.py" line="135"/>
        <source>The fingerprint reader could not be used: %1</source>
        <translation>无法使用指纹识别器：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/step_up.py" line="150"/>
        <source>Identity verification</source>
        <translation>身份验证</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/step_up.py" line="152"/>
        <source>&amp;Verify with:</source>
        <translation>验证方式(&amp;V)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/step_up.py" line="153"/>
        <source>One-time &amp;code:</source>
        <translation>动态验证码(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/step_up.py" line="154"/>
        <source>6 digits from your code app</source>
        <translation>验证器应用中的 6 位数字</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/step_up.py" line="155"/>
        <source>&amp;Touch the fingerprint reader</source>
        <translation>触摸指纹识别器(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/step_up.py" line="156"/>
        <source>Verify</source>
        <translation>验证</translation>
    </message>
</context>
<context>
    <name>StrengthMeter</name>
    <message>
        <location filename="../../ui/widgets/strength_meter.py" line="58"/>
        <source>Very weak</source>
        <translation>很弱</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/strength_meter.py" line="59"/>
        <source>Weak</source>
        <translation>弱</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/strength_meter.py" line="60"/>
        <source>Fair</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/strength_meter.py" line="61"/>
        <source>Strong</source>
        <translation>强</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/strength_meter.py" line="62"/>
        <source>Very strong</source>
        <translation>很强</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/strength_meter.py" line="69"/>
        <source>How hard the passphrase is to guess</source>
        <translation>主密码被猜中的难度</translation>
    </message>
</context>
<context>
    <name>StricterValueDialog</name>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="107"/>
        <source>In effect: %1 (the pack's: %2).</source>
        <translation>当前生效：%1（规则包：%2）。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="109"/>
        <source>Only a lower value is stricter.</source>
        <translation>只能调低。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="110"/>
        <source>Only a higher value is stricter.</source>
        <translation>只能调高。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="133"/>
        <location filename="../../ui/dialogs/policy_rule.py" line="139"/>
        <source>Make stricter</source>
        <translation>调严</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="134"/>
        <source>“%1”: a stricter value applies to your transfers from now on. A looser one is refused.</source>
        <translation>“%1”：更严格的数值将从现在起适用于您的转账，放宽的数值不会被接受。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="136"/>
        <source>&amp;Value:</source>
        <translation>数值项(&amp;V)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="137"/>
        <source>Now:</source>
        <translation>当前：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="138"/>
        <source>&amp;New value:</source>
        <translation>新数值(&amp;N)：</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../ui/widgets/sync_panel.py" line="44"/>
        <source>%1: not updated, showing the last known figures (%2)</source>
        <translation>%1：未能更新，显示的是上次获取的数据（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sync_panel.py" line="112"/>
        <location filename="../../ui/widgets/sync_panel.py" line="171"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sync_panel.py" line="138"/>
        <source>The sync stopped: %1</source>
        <translation>同步已中止：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sync_panel.py" line="149"/>
        <source>No platform is connected yet.</source>
        <translation>尚未连接任何平台。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sync_panel.py" line="32"/>
        <source>%1: %2, %3 new, %4 updated (%5 s)</source>
        <translation>%1：%2，新增 %3 笔，更新 %4 笔（%5 秒）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/sync_panel.py" line="35"/>
        <source>%Ln accounts</source>
        <translation>
            <numerusform>%Ln 个账户</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/sync_panel.py" line="119"/>
        <source>Synced %1 of %Ln platforms…</source>
        <translation>
            <numerusform>已同步 %1/%Ln 个平台…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/sync_panel.py" line="152"/>
        <source>%1 of %Ln platforms could not be updated.</source>
        <translation>
            <numerusform>%Ln 个平台中有 %1 个未能更新。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sync_panel.py" line="156"/>
        <source>Every platform is up to date.</source>
        <translation>所有平台均已更新。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sync_panel.py" line="171"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sync_panel.py" line="173"/>
        <source>Fetch new balances and transactions from every connected platform</source>
        <translation>从所有已连接的平台获取最新余额和交易</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sync_panel.py" line="174"/>
        <source>Hide these results</source>
        <translation>隐藏同步结果</translation>
    </message>
</context>
<context>
    <name>TotalBanner</name>
    <message>
        <location filename="../../ui/widgets/total_banner.py" line="57"/>
        <source>All accounts, converted to %1</source>
        <translation>所有账户，折合 %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/total_banner.py" line="66"/>
        <source>Net worth</source>
        <translation>净资产</translation>
    </message>
</context>
<context>
    <name>TransactionDetailDialog</name>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="212"/>
        <source>Imported from %1 (%2)</source>
        <translation>导入自 %1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="215"/>
        <source>From the connected platform %1</source>
        <translation>来自已连接的平台%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="216"/>
        <source>Entered by hand</source>
        <translation>手动录入</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="221"/>
        <source>%1 on %2, %3</source>
        <translation>%2 %1，%3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="232"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="262"/>
        <source>Always put %1 in %2</source>
        <translation>以后总是把“%1”归入“%2”</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="292"/>
        <source>Nothing was changed.</source>
        <translation>没有任何修改。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="294"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/transaction_detail.py" line="307"/>
        <source>Moved %n transactions of %1 to %2.</source>
        <translation>
            <numerusform>已把“%1”的 %n 笔交易移到“%2”。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/transaction_detail.py" line="309"/>
        <source>Rule kept. %n other transactions of %1 are in other categories.</source>
        <translation>
            <numerusform>规则已保存。“%1”还有 %n 笔交易在其他分类中。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="311"/>
        <source>Rule kept: %1 will always go to %2.</source>
        <translation>规则已保存：“%1”以后总是归入“%2”。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="313"/>
        <source>Move them to %1</source>
        <translation>也移到“%1”</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="339"/>
        <source>The move was undone.</source>
        <translation>已撤销移动。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="357"/>
        <source>The correction was undone.</source>
        <translation>已撤销这次修改。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="380"/>
        <source>Transaction</source>
        <translation>交易记录</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="381"/>
        <source>Transaction details</source>
        <translation>交易详情</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="383"/>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="383"/>
        <source>Amount:</source>
        <translation>金额：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="383"/>
        <source>Account:</source>
        <translation>账户：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="384"/>
        <source>Member:</source>
        <translation>成员：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="384"/>
        <source>Source:</source>
        <translation>来源：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="384"/>
        <source>Paired transfer:</source>
        <translation>配对的互转：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="385"/>
        <source>Category in the source:</source>
        <translation>来源中的分类：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="385"/>
        <source>Description:</source>
        <translation>摘要：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="386"/>
        <source>Transaction id:</source>
        <translation>交易号：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="386"/>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="391"/>
        <source>&amp;Category:</source>
        <translation>分类(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="391"/>
        <source>Counter&amp;party:</source>
        <translation>交易对方(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="391"/>
        <source>&amp;Memo:</source>
        <translation>备注(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="393"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="394"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="395"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/transaction_detail.py" line="396"/>
        <source>Undo the move</source>
        <translation>撤销移动</translation>
    </message>
</context>
<context>
    <name>TransactionFilters</name>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="195"/>
        <location filename="../../ui/widgets/transaction_filters.py" line="426"/>
        <location filename="../../ui/widgets/report_filters.py" line="121"/>
        <source>All members</source>
        <translation>全部成员</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="209"/>
        <location filename="../../ui/widgets/transaction_filters.py" line="428"/>
        <source>All accounts</source>
        <translation>全部账户</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="337"/>
        <source>Income: %1</source>
        <translation>收入：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="337"/>
        <source>Income only</source>
        <translation>仅收入</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="339"/>
        <source>Spending: %1</source>
        <translation>支出：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="339"/>
        <source>Spending only</source>
        <translation>仅支出</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="341"/>
        <source>Category: %1</source>
        <translation>分类：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="345"/>
        <source>Counted as in the Reports: moves between own accounts and rows not counted are left out. Click to remove this filter.</source>
        <translation>与报表的统计口径一致：不含本人账户互转和不计收支的交易。点击可取消此筛选。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/transaction_filters.py" line="386"/>
        <source>%Ln transactions</source>
        <translation>
            <numerusform>共 %Ln 笔交易</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/transaction_filters.py" line="389"/>
        <source>%1 of %Ln transactions</source>
        <translation>
            <numerusform>%1/%Ln 笔交易</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="396"/>
        <source>Search counterparty, memo, category… (Ctrl+F)</source>
        <translation>搜索交易对方、备注、分类…（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="398"/>
        <source>Preparing search…</source>
        <translation>正在准备搜索…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="403"/>
        <source>Search and amount filters become available once every transaction has been read</source>
        <translation>全部交易读取完毕后即可使用搜索和金额筛选</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="406"/>
        <location filename="../../ui/widgets/report_filters.py" line="29"/>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="407"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="408"/>
        <location filename="../../ui/widgets/report_filters.py" line="30"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="409"/>
        <location filename="../../ui/widgets/report_filters.py" line="31"/>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="410"/>
        <location filename="../../ui/widgets/report_filters.py" line="32"/>
        <source>Last 90 days</source>
        <translation>近 90 天</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="411"/>
        <location filename="../../ui/widgets/report_filters.py" line="33"/>
        <source>This year</source>
        <translation>今年</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="412"/>
        <location filename="../../ui/widgets/report_filters.py" line="34"/>
        <source>Last 12 months</source>
        <translation>近 12 个月</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="413"/>
        <location filename="../../ui/widgets/report_filters.py" line="35"/>
        <source>Custom range…</source>
        <translation>自定义时间段…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="417"/>
        <source>In and out</source>
        <translation>收入和支出</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="420"/>
        <source>Min ¥</source>
        <translation>最低 ¥</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="421"/>
        <source>Max ¥</source>
        <translation>最高 ¥</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="422"/>
        <source>Period</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="423"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/transaction_filters.py" line="424"/>
        <source>Clear every filter</source>
        <translation>清除所有筛选条件</translation>
    </message>
</context>
<context>
    <name>TransactionsPage</name>
    <message>
        <location filename="../../ui/views/transactions_page.py" line="276"/>
        <source>The transactions could not be read: %1</source>
        <translation>无法读取交易：%1</translation>
    </message>
    <message>
        <location filename="../../ui/views/transactions_page.py" line="319"/>
        <source>No transactions yet. Connect a platform or import a statement.</source>
        <translation>还没有交易记录。连接一个平台，或导入一份账单。</translation>
    </message>
    <message>
        <location filename="../../ui/views/transactions_page.py" line="321"/>
        <source>No transaction matches these filters.</source>
        <translation>没有符合筛选条件的交易。</translation>
    </message>
    <message>
        <location filename="../../ui/views/transactions_page.py" line="406"/>
        <source>Transactions</source>
        <translation>收支明细</translation>
    </message>
</context>
<context>
    <name>TransactionsTable</name>
    <message>
        <location filename="../../ui/models/transactions_table.py" line="106"/>
        <source>This transaction cannot be read: %1</source>
        <translation>无法读取这笔交易：%1</translation>
    </message>
    <message>
        <location filename="../../ui/models/transactions_table.py" line="150"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/models/transactions_table.py" line="159"/>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../ui/models/transactions_table.py" line="167"/>
        <source>Counterparty</source>
        <translation>交易对方</translation>
    </message>
    <message>
        <location filename="../../ui/models/transactions_table.py" line="175"/>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/models/transactions_table.py" line="178"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/models/transactions_table.py" line="188"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>TransferFlow</name>
    <message>
        <location filename="../../ui/transfer_flow.py" line="66"/>
        <location filename="../../ui/transfer_flow.py" line="78"/>
        <source>Identity verification</source>
        <translation>身份验证</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_flow.py" line="79"/>
        <source>This transfer needs identity verification, and you have no way to verify yet. Set up a code app now?</source>
        <translation>这笔转账需要身份验证，您尚未设置验证方式。现在设置验证器应用吗？</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_flow.py" line="99"/>
        <source>This transfer needs identity verification: %1</source>
        <translation>这笔转账需要身份验证：%1</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_flow.py" line="100"/>
        <source>This transfer needs identity verification.</source>
        <translation>这笔转账需要身份验证。</translation>
    </message>
</context>
<context>
    <name>TransferForm</name>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="219"/>
        <source>My accounts</source>
        <translation>本人账户</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="220"/>
        <source>Family accounts</source>
        <translation>家庭账户</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="221"/>
        <source>Saved payees</source>
        <translation>白名单收款人</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="222"/>
        <source>Other members' accounts</source>
        <translation>其他成员的账户</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="223"/>
        <source>Not a confirmed family account: ask its holder to offer it under Household, Family payees, or save it as a payee.</source>
        <translation>不是已确认的家庭账户：请持有人在“家庭 › 家庭收款人”中提供，或将其添加为收款人。</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="288"/>
        <source>Choose an account to send from.</source>
        <translation>请选择转出账户。</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="291"/>
        <source>Choose who receives the money.</source>
        <translation>请选择收款方。</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="297"/>
        <source>Type the amount to send.</source>
        <translation>请输入转账金额。</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="333"/>
        <source>Asking the platform for its rate…</source>
        <translation>正在向平台获取汇率…</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="342"/>
        <source>No quote: %1</source>
        <translation>未获得报价：%1</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="371"/>
        <source>%1 and %2 hold different currencies: the platform's quote shows the rate, the fee and what arrives.</source>
        <translation>转出账户为 %1，收款账户为 %2，币种不同。平台报价会列出汇率、手续费和到账金额。</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="374"/>
        <source>Get &amp;quote</source>
        <translation>获取报价(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="382"/>
        <source>Get a new &amp;quote</source>
        <translation>重新报价(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="479"/>
        <source>&amp;From:</source>
        <translation>转出账户(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="480"/>
        <source>&amp;To:</source>
        <translation>收款方(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="481"/>
        <source>&amp;Amount:</source>
        <translation>金额(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="482"/>
        <source>&amp;Purpose:</source>
        <translation>转账用途(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="483"/>
        <source>A&amp;rrival:</source>
        <translation>到账方式(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="484"/>
        <source>Exchange:</source>
        <translation>换汇：</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="485"/>
        <source>Required when sending to anyone but yourself, e.g. rent for May</source>
        <translation>转给他人时必填，如：五月房租</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="486"/>
        <source>Choose a receiver</source>
        <translation>选择收款方</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="489"/>
        <source>&amp;Continue…</source>
        <translation>下一步(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_form.py" line="490"/>
        <source>&amp;New transfer</source>
        <translation>新转账(&amp;N)</translation>
    </message>
</context>
<context>
    <name>TransferPage</name>
    <message>
        <location filename="../../ui/views/transfer_page.py" line="98"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_page.py" line="103"/>
        <source>Accepted: arrives %1. You can revoke it under Transfers until %2.</source>
        <translation>已受理：%1 到账。%2 前可在“转账记录”中撤销。</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_page.py" line="114"/>
        <source>Transfer</source>
        <translation>转账</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_page.py" line="115"/>
        <source>New transfer</source>
        <translation>新转账</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfer_page.py" line="116"/>
        <source>Transfers</source>
        <translation>转账记录</translation>
    </message>
</context>
<context>
    <name>TransferScheduler</name>
    <message numerus="yes">
        <source>%n transfer(s) that were due while Huiliu was closed have been sent.</source>
        <translation>
            <numerusform>汇流关闭期间到期的 %n 笔转账已转出。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TransferWords</name>
    <message>
        <location filename="../../ui/transfer_words.py" line="31"/>
        <source>Real-time</source>
        <translation>实时到账</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="32"/>
        <source>Normal (about 2 hours)</source>
        <translation>普通到账（约 2 小时）</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="33"/>
        <source>Next day</source>
        <translation>次日到账</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="41"/>
        <source>primary source</source>
        <translation>原文核实</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="42"/>
        <source>secondary sources</source>
        <translation>多方转载一致</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="43"/>
        <source>unverified</source>
        <translation>未核实</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="51"/>
        <source>Sent</source>
        <translation>已转出</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="52"/>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="53"/>
        <source>Needs identity verification</source>
        <translation>需要身份验证</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="54"/>
        <source>Needs your confirmation</source>
        <translation>需要您确认</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="55"/>
        <location filename="../../ui/transfer_words.py" line="56"/>
        <source>Refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="57"/>
        <source>Held for review</source>
        <translation>暂缓，等待复核</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="58"/>
        <source>Revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="71"/>
        <source>Revocable %1</source>
        <translation>可撤销 %1</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="77"/>
        <source>The verification has expired; verify again.</source>
        <translation>验证已过期，请重新验证。</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="78"/>
        <source>Verified: valid for another %1</source>
        <translation>已验证，%1 内有效</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="99"/>
        <source>Source: %1 (%2)</source>
        <translation>依据：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="113"/>
        <source>Leaves your account: %1 (fee %2 included)</source>
        <translation>转出：%1（含手续费 %2）</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="114"/>
        <source>Rate: 1 %1 = %2 %3</source>
        <translation>汇率：1 %1 = %2 %3</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="115"/>
        <source>Arrives: %1</source>
        <translation>到账：%1</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="127"/>
        <source>The quote has expired: get a new one.</source>
        <translation>报价已过期，请重新获取。</translation>
    </message>
    <message>
        <location filename="../../ui/transfer_words.py" line="128"/>
        <source>Quote valid for another %1</source>
        <translation>报价剩余有效期 %1</translation>
    </message>
</context>
<context>
    <name>TransfersList</name>
    <message numerus="yes">
        <location filename="../../ui/views/transfers_list.py" line="172"/>
        <source>%n transfer(s) can still be revoked.</source>
        <translation>
            <numerusform>%n 笔转账仍可撤销。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="173"/>
        <source>No transfers yet.</source>
        <translation>暂无转账。</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="180"/>
        <source>Arrives %1</source>
        <translation>%1 到账</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="222"/>
        <source>Choose a transfer to see its decision and its steps.</source>
        <translation>选择一笔转账，查看规则判定和处理步骤。</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="227"/>
        <source>Transfer %1: %2</source>
        <translation>转账 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="231"/>
        <source>Amount: %1</source>
        <translation>金额：%1</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="232"/>
        <source>Purpose: %1</source>
        <translation>转账用途：%1</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="233"/>
        <source>Arrival: %1</source>
        <translation>到账方式：%1</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="235"/>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="238"/>
        <source>Decision: %1</source>
        <translation>判定结果：%1</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="240"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="242"/>
        <source>Today's limit was %1.</source>
        <translation>当日额度为 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="244"/>
        <source>Steps:</source>
        <translation>处理步骤：</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="258"/>
        <source>Cannot revoke</source>
        <translation>无法撤销</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="261"/>
        <source>Transfer %1 was revoked.</source>
        <translation>转账 %1 已撤销。</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="270"/>
        <source>Made</source>
        <translation>发起时间</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="270"/>
        <source>From</source>
        <translation>转出账户</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="270"/>
        <source>To</source>
        <translation>收款方</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="270"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="270"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="271"/>
        <source>Arrival</source>
        <translation>到账</translation>
    </message>
    <message>
        <location filename="../../ui/views/transfers_list.py" line="273"/>
        <source>&amp;Revoke transfer</source>
        <translation>撤销转账(&amp;R)</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="35"/>
        <source>This vault is already open in another Huiliu window or command. Close it there, then try again.</source>
        <translation>此账本已在另一个汇流窗口或命令中打开。请先在那里关闭，然后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="190"/>
        <location filename="../../ui/dialogs/unlock.py" line="192"/>
        <source>Unlocking…</source>
        <translation>正在解锁…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="203"/>
        <source>Wrong PIN. Nothing was opened or changed; try again.</source>
        <translation>PIN 错误。未打开或修改任何内容，请重试。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="205"/>
        <source>Wrong passphrase. Nothing was opened or changed; try again.</source>
        <translation>主密码错误。未打开或修改任何内容，请重试。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="211"/>
        <source>Too many wrong tries. Wait %1 s, then try again; nothing was opened.</source>
        <translation>输错次数过多。请等待 %1 秒后再试，账本未打开。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="220"/>
        <source>This PIN is locked after too many wrong tries. A parent can unlock it on the Household page.</source>
        <translation>此 PIN 输错次数过多，已锁定。家长可在“家庭”页解除锁定。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="236"/>
        <source>Unlock Huiliu</source>
        <translation>解锁汇流</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="237"/>
        <source>Unlock your vault</source>
        <translation>解锁账本</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="237"/>
        <source>Unlock the shared vault</source>
        <translation>解锁共享账本</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="241"/>
        <source>This is the demo household; %1's PIN is %2 and is filled in for you.</source>
        <translation>这是示例家庭；%1 的 PIN 码是 %2，已为您填好。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="242"/>
        <source>This is the demo household; %1's passphrase is %2 and is filled in for you.</source>
        <translation>这是示例家庭；%1 的主密码是 %2，已为您填好。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="246"/>
        <source>This is the demo household; its passphrase is %1 and is filled in for you.</source>
        <translation>这是示例家庭，主密码为 %1，已为您填好。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="250"/>
        <source>&amp;Who is unlocking:</source>
        <translation>谁在解锁(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="254"/>
        <source>Owner (the vault's passphrase)</source>
        <translation>户主（账本主密码）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="256"/>
        <source>Member %1</source>
        <translation>成员 %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="258"/>
        <source>%1 (own PIN)</source>
        <translation>%1（自己的 PIN）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="258"/>
        <source>%1 (own passphrase)</source>
        <translation>%1（自己的主密码）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="261"/>
        <source>&amp;Passphrase:</source>
        <translation>主密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="261"/>
        <source>&amp;PIN:</source>
        <translation>PIN(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="262"/>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="262"/>
        <source>&amp;Try again</source>
        <translation>重试(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="264"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unlock.py" line="264"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>UserRuleDialog</name>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="187"/>
        <source>Add your own rule</source>
        <translation>添加自定义规则</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="189"/>
        <source>Write the rule in the policy pack's format. Its effect can only restrict (deny, hold, require approval or verification, delay, warn); it never loosens a built-in rule.</source>
        <translation>请按规则包格式编写。规则只能收紧（拒绝、暂缓、需审批或验证、延迟、提醒），不能放宽内置规则。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/policy_rule.py" line="191"/>
        <source>Add rule</source>
        <translation>添加规则</translation>
    </message>
</context>
<context>
    <name>When</name>
    <message>
        <location filename="../../ui/when.py" line="49"/>
        <source>Today %1</source>
        <translation>今天 %1</translation>
    </message>
    <message>
        <location filename="../../ui/when.py" line="51"/>
        <source>Yesterday %1</source>
        <translation>昨天 %1</translation>
    </message>
    <message>
        <location filename="../../ui/when.py" line="61"/>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/when.py" line="64"/>
        <source>%n minutes ago</source>
        <translation>
            <numerusform>%n 分钟前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/when.py" line="69"/>
        <source>%n hours ago</source>
        <translation>
            <numerusform>%n 小时前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/when.py" line="70"/>
        <source>%n days ago</source>
        <translation>
            <numerusform>%n 天前</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/when.py" line="77"/>
        <source>never updated</source>
        <translation>从未更新</translation>
    </message>
    <message>
        <location filename="../../ui/when.py" line="78"/>
        <source>updated %1</source>
        <translation>%1更新</translation>
    </message>
    <message>
        <location filename="../../ui/when.py" line="100"/>
        <source>MMM d</source>
        <translation>M月d日</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/when.py" line="113"/>
        <source>in %n minutes</source>
        <translation>
            <numerusform>%n 分钟后</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/when.py" line="116"/>
        <source>in %n hours</source>
        <translation>
            <numerusform>%n 小时后</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/when.py" line="118"/>
        <source>in %n days</source>
        <translation>
            <numerusform>%n 天后</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_Preparing</name>
    <message>
        <location filename="../../ui/demo.py" line="40"/>
        <source>Huiliu demo</source>
        <translation>汇流示例</translation>
    </message>
    <message>
        <location filename="../../ui/demo.py" line="43"/>
        <source>Preparing a demo household: three members connect their sandbox banks and wallets. Nothing here touches your own vault.</source>
        <translation>正在准备示例家庭：三位成员正在连接模拟平台上的银行和钱包。这不会影响您自己的账本。</translation>
    </message>
    <message>
        <location filename="../../ui/demo.py" line="47"/>
        <source>Connecting and syncing…</source>
        <translation>正在连接并同步…</translation>
    </message>
</context>
</TS>