<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>AccountDialog</name>
        <message>
            <location filename="../../ui/dialogs/account.py" line="162" />
            <source>New platform…</source>
            <translation>新建平台…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="194" />
            <source>This member has no bank card yet</source>
            <translation>该成员还没有银行卡</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="325" />
            <source>Edit account</source>
            <translation>编辑账户</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="325" />
            <location filename="../../ui/dialogs/account.py" line="366" />
            <source>Add account</source>
            <translation>添加账户</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="328" />
            <source>&amp;Platform:</source>
            <translation>平台(&amp;P)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="327" />
            <source>Own&amp;er:</source>
            <translation>所属成员(&amp;E)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="330" />
            <source>Account &amp;type:</source>
            <translation>账户类型(&amp;T)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="331" />
            <source>&amp;Name:</source>
            <translation>名称(&amp;N)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="332" />
            <source>Account n&amp;umber:</source>
            <translation>账号/卡号(&amp;U)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="333" />
            <source>&amp;Currency:</source>
            <translation>币种(&amp;C)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="334" />
            <source>Account cl&amp;ass:</source>
            <translation>账户类别(&amp;A)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="336" />
            <source>Pa&amp;yment account class:</source>
            <translation>支付账户类别(&amp;Y)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="337" />
            <source>&amp;Wallet tier:</source>
            <translation>钱包等级(&amp;W)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="338" />
            <source>Ope&amp;rator:</source>
            <translation>运营机构(&amp;R)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="343" />
            <source>Current ba&amp;lance:</source>
            <translation>当前余额(&amp;L)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="344" />
            <source>Note:</source>
            <translation>备注：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="335" />
            <source>&amp;Bound account:</source>
            <translation>绑定账户(&amp;B)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="340" />
            <source>&amp;Statement day:</source>
            <translation>账单日(&amp;S)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="339" />
            <source>Cred&amp;it limit:</source>
            <translation>信用额度(&amp;I)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="341" />
            <source>&amp;Due day:</source>
            <translation>还款日(&amp;D)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="342" />
            <source>&amp;Opened on:</source>
            <translation>开户日期(&amp;O)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="348" />
            <source>e.g. Salary card, Alipay balance</source>
            <translation>例如：工资卡、支付宝余额</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="349" />
            <source>Optional; only the last 4 digits are shown in lists</source>
            <translation>选填；列表中只显示后 4 位</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="350" />
            <source>The bank or operator that opened the wallet</source>
            <translation>开立该钱包的银行或运营机构</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="351" />
            <source>Not specified</source>
            <translation>未指定</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="362" />
            <location filename="../../ui/dialogs/account.py" line="364" />
            <source>Not set</source>
            <translation>未设置</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/account.py" line="366" />
            <source>Save</source>
            <translation>保存</translation>
        </message>
    </context>
    <context>
        <name>AccountsPage</name>
        <message>
            <location filename="../../ui/views/accounts_page.py" line="129" />
            <source>The accounts could not be read: %1</source>
            <translation>无法读取账户：%1</translation>
        </message>
        <message>
            <location filename="../../ui/views/accounts_page.py" line="249" />
            <source>Accounts</source>
            <translation>账户</translation>
        </message>
        <message>
            <location filename="../../ui/views/accounts_page.py" line="250" />
            <source>Add member</source>
            <translation>添加成员</translation>
        </message>
        <message>
            <location filename="../../ui/views/accounts_page.py" line="251" />
            <source>Add account</source>
            <translation>添加账户</translation>
        </message>
        <message>
            <location filename="../../ui/views/accounts_page.py" line="252" />
            <source>Edit</source>
            <translation>编辑</translation>
        </message>
        <message>
            <location filename="../../ui/views/accounts_page.py" line="253" />
            <source>Add an account for the selected member</source>
            <translation>为选中的成员添加账户</translation>
        </message>
        <message>
            <location filename="../../ui/views/accounts_page.py" line="254" />
            <source>Edit the selected member or account (or double-click it)</source>
            <translation>编辑选中的成员或账户（也可双击）</translation>
        </message>
        <message>
            <location filename="../../ui/views/accounts_page.py" line="256" />
            <source>Welcome to Huiliu</source>
            <translation>欢迎使用汇流</translation>
        </message>
        <message>
            <location filename="../../ui/views/accounts_page.py" line="258" />
            <source>Start with the people in your household. Then add their bank cards, wallets and funds to see everything in one place.</source>
            <translation>先添加家庭成员，再添加他们的银行卡、钱包和基金，所有资产一目了然。</translation>
        </message>
        <message>
            <location filename="../../ui/views/accounts_page.py" line="261" />
            <source>Add your first member</source>
            <translation>添加第一位成员</translation>
        </message>
    </context>
    <context>
        <name>AccountsTree</name>
        <message>
            <location filename="../../ui/models/accounts_tree.py" line="125" />
            <source>This record cannot be read: %1</source>
            <translation>此记录无法读取：%1</translation>
        </message>
        <message>
            <location filename="../../ui/models/accounts_tree.py" line="164" />
            <source>Stale</source>
            <translation>数据过期</translation>
        </message>
        <message>
            <location filename="../../ui/models/accounts_tree.py" line="174" />
            <source>ending %1</source>
            <translation>尾号 %1</translation>
        </message>
        <message>
            <location filename="../../ui/models/accounts_tree.py" line="209" />
            <source>No balance recorded yet</source>
            <translation>尚未记录余额</translation>
        </message>
        <message>
            <location filename="../../ui/models/accounts_tree.py" line="211" />
            <source>Negative balance</source>
            <translation>余额为负</translation>
        </message>
        <message>
            <location filename="../../ui/models/accounts_tree.py" line="215" />
            <source>* Not included, no exchange rate yet: %1</source>
            <translation>* 未计入（暂无汇率）：%1</translation>
        </message>
        <message>
            <location filename="../../ui/models/accounts_tree.py" line="221" />
            <source>Subtotal converted to %1</source>
            <translation>小计已折算为 %1</translation>
        </message>
        <message>
            <location filename="../../ui/models/accounts_tree.py" line="242" />
            <source>Today %1</source>
            <translation>今天 %1</translation>
        </message>
        <message>
            <location filename="../../ui/models/accounts_tree.py" line="258" />
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <location filename="../../ui/models/accounts_tree.py" line="266" />
            <source>Type</source>
            <translation>类型</translation>
        </message>
        <message>
            <location filename="../../ui/models/accounts_tree.py" line="268" />
            <source>Class</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../../ui/models/accounts_tree.py" line="270" />
            <source>Number</source>
            <translation>账号</translation>
        </message>
        <message>
            <location filename="../../ui/models/accounts_tree.py" line="273" />
            <source>Balance</source>
            <translation>余额</translation>
        </message>
        <message>
            <location filename="../../ui/models/accounts_tree.py" line="284" />
            <source>Updated</source>
            <translation>更新时间</translation>
        </message>
    </context>
    <context>
        <name>AmountEdit</name>
        <message>
            <location filename="../../ui/widgets/amount_edit.py" line="88" />
            <source>In capitals: %1</source>
            <translation>大写：%1</translation>
        </message>
    </context>
    <context>
        <name>ChangePassphraseDialog</name>
        <message>
            <location filename="../../ui/dialogs/change_passphrase.py" line="44" />
            <source>Changing the passphrase…</source>
            <translation>正在修改密码…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/change_passphrase.py" line="49" />
            <source>This is not the current passphrase; nothing was changed.</source>
            <translation>当前密码不正确，未做任何修改。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/change_passphrase.py" line="59" />
            <location filename="../../ui/dialogs/change_passphrase.py" line="67" />
            <source>Change passphrase</source>
            <translation>修改密码</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/change_passphrase.py" line="60" />
            <source>C&amp;urrent passphrase:</source>
            <translation>当前密码(&amp;U)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/change_passphrase.py" line="63" />
            <source>There is no way to recover a forgotten passphrase. If this computer remembers the vault, it keeps working with the new passphrase.</source>
            <translation>忘记的密码无法找回。如果本机已记住保险库，修改密码后仍可直接解锁。</translation>
        </message>
    </context>
    <context>
        <name>CreateVaultDialog</name>
        <message>
            <location filename="../../ui/dialogs/create_vault.py" line="125" />
            <source>Where should Huiliu keep the vault?</source>
            <translation>保险库存放在哪里？</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/create_vault.py" line="143" />
            <source>Creating your vault… (making the passphrase slow to guess takes a moment)</source>
            <translation>正在创建保险库…（为让密码难以被破解，需要稍候片刻）</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/create_vault.py" line="151" />
            <source>Not remembered</source>
            <translation>未能记住</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/create_vault.py" line="153" />
            <source>The vault was created, but this computer has no usable keyring, so Huiliu will ask for the passphrase each time.</source>
            <translation>保险库已创建，但本机没有可用的密钥环，因此每次打开汇流都需要输入密码。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/create_vault.py" line="164" />
            <source>Create your Huiliu vault</source>
            <translation>创建汇流保险库</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/create_vault.py" line="165" />
            <source>Create your vault</source>
            <translation>创建保险库</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/create_vault.py" line="168" />
            <source>Huiliu keeps your household's accounts in one encrypted vault on this computer. Choose a passphrase to protect it.</source>
            <translation>汇流把您家庭的账户保存在本机的一个加密保险库中。请设置一个密码来保护它。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/create_vault.py" line="172" />
            <source>Vault location:</source>
            <translation>保险库位置：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/create_vault.py" line="173" />
            <source>Change…</source>
            <translation>更改…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/create_vault.py" line="176" />
            <source>If you lose this passphrase, nobody can recover the vault — not even Huiliu's makers. Write it down and keep it somewhere safe.</source>
            <translation>一旦忘记密码，任何人都无法恢复保险库，汇流的开发者也不能。请把密码写下来，妥善保管。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/create_vault.py" line="180" />
            <source>Remember on this computer (unlock without typing the passphrase)</source>
            <translation>在本机记住（无需输入密码即可解锁）</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/create_vault.py" line="185" />
            <source>This computer has no usable keyring (such as GNOME Keyring, KWallet, macOS Keychain or Windows Credential Manager), so the vault cannot be remembered; you will type the passphrase.</source>
            <translation>本机没有可用的密钥环（如 GNOME 密钥环、KWallet、macOS 钥匙串或 Windows 凭据管理器），因此无法记住保险库，解锁时需要输入密码。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/create_vault.py" line="190" />
            <source>&amp;Create vault</source>
            <translation>创建保险库(&amp;C)</translation>
        </message>
    </context>
    <context>
        <name>DemoLauncher</name>
        <message>
            <location filename="../../ui/demo.py" line="80" />
            <source>Huiliu demo</source>
            <translation>汇流演示</translation>
        </message>
        <message>
            <location filename="../../ui/demo.py" line="81" />
            <source>The demo could not be prepared: %1</source>
            <translation>无法准备演示：%1</translation>
        </message>
    </context>
    <context>
        <name>FormDialog</name>
        <message>
            <location filename="../../ui/dialogs/form_dialog.py" line="59" />
            <source>Saving…</source>
            <translation>正在保存…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/form_dialog.py" line="77" />
            <source>The vault was locked before this could be saved; unlock it and try again.</source>
            <translation>保存前保险库已锁定，请解锁后重试。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/form_dialog.py" line="83" />
            <source>Something went wrong and nothing was saved: %1</source>
            <translation>出现错误，未保存任何内容：%1</translation>
        </message>
    </context>
    <context>
        <name>LockedPage</name>
        <message>
            <location filename="../../ui/views/locked_page.py" line="42" />
            <source>Huiliu is locked</source>
            <translation>汇流已锁定</translation>
        </message>
        <message>
            <location filename="../../ui/views/locked_page.py" line="43" />
            <source>Your accounts are hidden until you unlock the vault.</source>
            <translation>解锁保险库之前，您的账户信息不会显示。</translation>
        </message>
        <message>
            <location filename="../../ui/views/locked_page.py" line="44" />
            <source>Unlock…</source>
            <translation>解锁…</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../ui/main_window.py" line="173" />
            <source>Unlocked</source>
            <translation>已解锁</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="173" />
            <source>Locked</source>
            <translation>已锁定</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="197" />
            <source>This computer now remembers the vault.</source>
            <translation>本机已记住保险库。</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="199" />
            <source>This computer no longer remembers the vault.</source>
            <translation>本机已不再记住保险库。</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="207" />
            <source>Cannot remember the vault</source>
            <translation>无法记住保险库</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="209" />
            <source>This computer has no usable keyring (such as GNOME Keyring, KWallet, macOS Keychain or Windows Credential Manager), so Huiliu cannot keep the key here. Everything else works; you will type the passphrase to unlock.</source>
            <translation>本机没有可用的密钥环（如 GNOME 密钥环、KWallet、macOS 钥匙串或 Windows 凭据管理器），汇流无法在此保存密钥。其他功能均可正常使用，解锁时输入密码即可。</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="240" />
            <source>The passphrase was changed.</source>
            <translation>密码已修改。</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="251" />
            <source>About Huiliu</source>
            <translation>关于汇流</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="253" />
            <source>&lt;h3&gt;Huiliu %1&lt;/h3&gt;&lt;p&gt;One encrypted picture of your household's money across banks, wallets, funds and credit lines. Everything stays in a vault on this computer.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;汇流 %1&lt;/h3&gt;&lt;p&gt;把家庭在银行、钱包、基金和信用账户中的资金汇聚成一幅加密的全景图。所有数据都保存在本机的保险库中。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="260" />
            <source>Something went wrong</source>
            <translation>出现错误</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="273" />
            <source>Show amounts</source>
            <translation>显示金额</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="273" />
            <source>Hide amounts</source>
            <translation>隐藏金额</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="275" />
            <source>Show every amount again</source>
            <translation>重新显示所有金额</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="277" />
            <source>Hide every amount (for a screen others can see)</source>
            <translation>隐藏所有金额（屏幕可能被他人看到时使用）</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="282" />
            <source>Huiliu</source>
            <translation>汇流</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="283" />
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="284" />
            <source>&amp;Vault</source>
            <translation>保险库(&amp;V)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="285" />
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="286" />
            <source>&amp;Lock</source>
            <translation>锁定(&amp;L)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="287" />
            <source>Lock</source>
            <translation>锁定</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="288" />
            <source>Lock now: hide everything until the passphrase is typed again</source>
            <translation>立即锁定：隐藏全部内容，直到再次输入密码</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="289" />
            <source>&amp;Settings…</source>
            <translation>设置(&amp;S)…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="290" />
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="291" />
            <source>Change &amp;passphrase…</source>
            <translation>修改密码(&amp;P)…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="292" />
            <source>&amp;Remember on this computer</source>
            <translation>在本机记住(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="293" />
            <source>&amp;About Huiliu</source>
            <translation>关于汇流(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="294" />
            <source>Where this vault is stored</source>
            <translation>保险库的存放位置</translation>
        </message>
    </context>
    <context>
        <name>MemberDialog</name>
        <message>
            <location filename="../../ui/dialogs/member.py" line="82" />
            <source>Display name</source>
            <translation>显示名称</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/member.py" line="85" />
            <source>Role</source>
            <translation>角色</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/member.py" line="88" />
            <source>Real name</source>
            <translation>真实姓名</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/member.py" line="91" />
            <source>ID number</source>
            <translation>身份证号</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/member.py" line="115" />
            <source>Edit member</source>
            <translation>编辑成员</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/member.py" line="115" />
            <location filename="../../ui/dialogs/member.py" line="130" />
            <source>Add member</source>
            <translation>添加成员</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/member.py" line="116" />
            <source>&amp;Display name:</source>
            <translation>显示名称(&amp;D)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/member.py" line="117" />
            <source>&amp;Role:</source>
            <translation>角色(&amp;R)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/member.py" line="118" />
            <source>Real &amp;name (optional):</source>
            <translation>真实姓名（选填）(&amp;N)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/member.py" line="119" />
            <source>Resident &amp;ID number (optional):</source>
            <translation>居民身份证号（选填）(&amp;I)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/member.py" line="120" />
            <source>e.g. Mum, Dad, Xiaoming</source>
            <translation>例如：妈妈、爸爸、小明</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/member.py" line="121" />
            <source>18 characters; the last may be X</source>
            <translation>18 位，最后一位可以是 X</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/member.py" line="126" />
            <source>The real name and ID number stay encrypted in the vault. Huiliu uses them only to tell whether two accounts are in the same person's name, as transfer rules require.</source>
            <translation>真实姓名和身份证号加密保存在保险库中，仅用于按转账规则判断两个账户是否属于同一人（同名账户）。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/member.py" line="130" />
            <source>Save</source>
            <translation>保存</translation>
        </message>
    </context>
    <context>
        <name>NavigationBar</name>
        <message>
            <location filename="../../ui/main_window.py" line="45" />
            <source>Accounts</source>
            <translation>账户</translation>
        </message>
        <message>
            <location filename="../../ui/widgets/navigation.py" line="84" />
            <source>Huiliu</source>
            <translation>汇流</translation>
        </message>
    </context>
    <context>
        <name>NewPassphraseFields</name>
        <message>
            <location filename="../../ui/widgets/new_passphrase.py" line="60" />
            <source>Use at least %1 characters; a short sentence is easy to remember.</source>
            <translation>至少 %1 个字符；用一句短语更容易记住。</translation>
        </message>
        <message>
            <location filename="../../ui/widgets/new_passphrase.py" line="64" />
            <source>The two passphrases do not match yet.</source>
            <translation>两次输入的密码不一致。</translation>
        </message>
        <message>
            <location filename="../../ui/widgets/new_passphrase.py" line="66" />
            <source>The passphrases match.</source>
            <translation>两次输入的密码一致。</translation>
        </message>
        <message>
            <location filename="../../ui/widgets/new_passphrase.py" line="73" />
            <source>&amp;New passphrase:</source>
            <translation>新密码(&amp;N)：</translation>
        </message>
        <message>
            <location filename="../../ui/widgets/new_passphrase.py" line="74" />
            <source>&amp;Repeat new passphrase:</source>
            <translation>再次输入新密码(&amp;R)：</translation>
        </message>
        <message>
            <location filename="../../ui/widgets/new_passphrase.py" line="76" />
            <source>&amp;Passphrase:</source>
            <translation>密码(&amp;P)：</translation>
        </message>
        <message>
            <location filename="../../ui/widgets/new_passphrase.py" line="77" />
            <source>&amp;Repeat passphrase:</source>
            <translation>再次输入密码(&amp;R)：</translation>
        </message>
    </context>
    <context>
        <name>PassphraseEdit</name>
        <message>
            <location filename="../../ui/widgets/passphrase_edit.py" line="32" />
            <source>Hide passphrase</source>
            <translation>隐藏密码</translation>
        </message>
        <message>
            <location filename="../../ui/widgets/passphrase_edit.py" line="32" />
            <source>Show passphrase</source>
            <translation>显示密码</translation>
        </message>
    </context>
    <context>
        <name>PlatformForm</name>
        <message>
            <location filename="../../ui/dialogs/platform_form.py" line="44" />
            <source>Platform name</source>
            <translation>平台名称</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/platform_form.py" line="50" />
            <source>Legal entity</source>
            <translation>法人机构</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/platform_form.py" line="47" />
            <source>Platform category</source>
            <translation>平台类型</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/platform_form.py" line="67" />
            <source>Platform na&amp;me:</source>
            <translation>平台名称(&amp;M)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/platform_form.py" line="68" />
            <source>Platform cate&amp;gory:</source>
            <translation>平台类型(&amp;G)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/platform_form.py" line="69" />
            <source>Legal entit&amp;y:</source>
            <translation>法人机构(&amp;Y)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/platform_form.py" line="70" />
            <source>e.g. China Merchants Bank, Alipay</source>
            <translation>例如：招商银行、支付宝</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/platform_form.py" line="71" />
            <source>e.g. China Merchants Bank Co., Ltd.</source>
            <translation>例如：招商银行股份有限公司</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <location filename="../../ui/dialogs/settings.py" line="67" />
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/settings.py" line="68" />
            <source>&amp;Language:</source>
            <translation>语言(&amp;L)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/settings.py" line="69" />
            <source>Lock after &amp;idle:</source>
            <translation>闲置后锁定(&amp;I)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/settings.py" line="70" />
            <source>Follow the system</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/settings.py" line="71" />
            <source> min</source>
            <translation> 分钟</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/settings.py" line="72" />
            <source>Never</source>
            <translation>从不</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/settings.py" line="75" />
            <source>Huiliu locks itself after this many minutes without keyboard or mouse use, and asks for the passphrase again.</source>
            <translation>键盘和鼠标闲置达到设定的分钟数后，汇流会自动锁定，并要求重新输入密码。</translation>
        </message>
    </context>
    <context>
        <name>StrengthMeter</name>
        <message>
            <location filename="../../ui/widgets/strength_meter.py" line="58" />
            <source>Very weak</source>
            <translation>很弱</translation>
        </message>
        <message>
            <location filename="../../ui/widgets/strength_meter.py" line="59" />
            <source>Weak</source>
            <translation>弱</translation>
        </message>
        <message>
            <location filename="../../ui/widgets/strength_meter.py" line="60" />
            <source>Fair</source>
            <translation>一般</translation>
        </message>
        <message>
            <location filename="../../ui/widgets/strength_meter.py" line="61" />
            <source>Strong</source>
            <translation>强</translation>
        </message>
        <message>
            <location filename="../../ui/widgets/strength_meter.py" line="62" />
            <source>Very strong</source>
            <translation>很强</translation>
        </message>
        <message>
            <location filename="../../ui/widgets/strength_meter.py" line="69" />
            <source>How hard the passphrase is to guess</source>
            <translation>密码被猜中的难度</translation>
        </message>
    </context>
    <context>
        <name>TotalBanner</name>
        <message>
            <location filename="../../ui/widgets/total_banner.py" line="66" />
            <source>All accounts, converted to %1</source>
            <translation>所有账户，折算为 %1</translation>
        </message>
        <message>
            <location filename="../../ui/widgets/total_banner.py" line="71" />
            <source>Not included, no exchange rate yet: %1</source>
            <translation>未计入（暂无汇率）：%1</translation>
        </message>
        <message>
            <location filename="../../ui/widgets/total_banner.py" line="81" />
            <source>Converted at the rates of %1</source>
            <translation>折算汇率日期：%1</translation>
        </message>
        <message>
            <location filename="../../ui/widgets/total_banner.py" line="86" />
            <source>Total assets</source>
            <translation>总资产</translation>
        </message>
    </context>
    <context>
        <name>UnlockDialog</name>
        <message>
            <location filename="../../ui/dialogs/unlock.py" line="22" />
            <source>This vault is already open in another Huiliu window or command. Close it there, then try again.</source>
            <translation>此保险库已在另一个汇流窗口或命令中打开。请先在那里关闭，然后重试。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/unlock.py" line="86" />
            <source>Unlocking…</source>
            <translation>正在解锁…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/unlock.py" line="95" />
            <source>Wrong passphrase. Nothing was opened or changed; try again.</source>
            <translation>密码错误。未打开或修改任何内容，请重试。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/unlock.py" line="109" />
            <source>Unlock Huiliu</source>
            <translation>解锁汇流</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/unlock.py" line="110" />
            <source>Unlock your vault</source>
            <translation>解锁保险库</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/unlock.py" line="111" />
            <source>&amp;Passphrase:</source>
            <translation>密码(&amp;P)：</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/unlock.py" line="112" />
            <source>&amp;Unlock</source>
            <translation>解锁(&amp;U)</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/unlock.py" line="114" />
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/unlock.py" line="114" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>Vocabulary</name>
        <message>
            <location filename="../../ui/vocabulary.py" line="15" />
            <source>Bank</source>
            <translation>银行</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="16" />
            <source>Payment platform</source>
            <translation>支付平台</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="17" />
            <source>E-commerce platform</source>
            <translation>电商平台</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="18" />
            <source>Fund platform</source>
            <translation>基金平台</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="19" />
            <source>Consumer credit</source>
            <translation>消费信贷</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="20" />
            <source>e-CNY operator</source>
            <translation>数字人民币运营机构</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="21" />
            <source>FX provider</source>
            <translation>外汇服务机构</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="25" />
            <source>Bank account</source>
            <translation>银行账户</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="26" />
            <source>Credit card</source>
            <translation>信用卡</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="27" />
            <source>Wallet balance</source>
            <translation>钱包余额</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="28" />
            <source>Money-market fund</source>
            <translation>货币基金</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="29" />
            <source>Credit line</source>
            <translation>信用额度账户</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="30" />
            <source>Store balance</source>
            <translation>电商余额</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="31" />
            <source>e-CNY wallet</source>
            <translation>数字人民币钱包</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="32" />
            <source>Foreign-currency account</source>
            <translation>外币账户</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="36" />
            <source>Adult</source>
            <translation>成年人</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="37" />
            <source>Teenager</source>
            <translation>青少年</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="38" />
            <source>Child</source>
            <translation>儿童</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="42" />
            <source>Class I account</source>
            <translation>一类户</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="43" />
            <source>Class II account</source>
            <translation>二类户</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="44" />
            <source>Class III account</source>
            <translation>三类户</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="48" />
            <source>Class I payment account</source>
            <translation>Ⅰ类支付账户</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="49" />
            <source>Class II payment account</source>
            <translation>Ⅱ类支付账户</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="50" />
            <source>Class III payment account</source>
            <translation>Ⅲ类支付账户</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="54" />
            <source>Tier 1 wallet</source>
            <translation>一类钱包</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="55" />
            <source>Tier 2 wallet</source>
            <translation>二类钱包</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="56" />
            <source>Tier 3 wallet</source>
            <translation>三类钱包</translation>
        </message>
        <message>
            <location filename="../../ui/vocabulary.py" line="57" />
            <source>Tier 4 wallet</source>
            <translation>四类钱包</translation>
        </message>
    </context>
    <context>
        <name>_Preparing</name>
        <message>
            <location filename="../../ui/demo.py" line="39" />
            <source>Huiliu demo</source>
            <translation>汇流演示</translation>
        </message>
        <message>
            <location filename="../../ui/demo.py" line="42" />
            <source>Preparing a demo household: three members connect their sandbox banks and wallets. Nothing here touches your own vault.</source>
            <translation>正在准备演示家庭：三位成员正在连接沙盒中的银行和钱包。这不会影响您自己的保险库。</translation>
        </message>
        <message>
            <location filename="../../ui/demo.py" line="46" />
            <source>Connecting and syncing…</source>
            <translation>正在连接并同步…</translation>
        </message>
    </context>
</TS>
