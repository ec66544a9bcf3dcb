<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AntiFraudDialog</name>
    <message numerus="yes">
        <location filename="../../ui/dialogs/anti_fraud.py" line="87"/>
        <source>Please read for another %n second(s).</source>
        <translation>
            <numerusform>Please read for another %n second.</numerusform>
            <numerusform>Please read for another %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AskApprovalDialog</name>
    <message numerus="yes">
        <location filename="../../ui/dialogs/approval.py" line="172"/>
        <source>%n days</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CategoriesDialog</name>
    <message numerus="yes">
        <location filename="../../ui/dialogs/categories.py" line="342"/>
        <source>Delete the group %1 and its categories? Their %n transactions move to %2.</source>
        <translation>
            <numerusform>Delete the group %1 and its categories? Their %n transaction moves to %2.</numerusform>
            <numerusform>Delete the group %1 and its categories? Their %n transactions move to %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/categories.py" line="345"/>
        <source>Delete %1? Its %n transactions move to %2.</source>
        <translation>
            <numerusform>Delete %1? Its %n transaction moves to %2.</numerusform>
            <numerusform>Delete %1? Its %n transactions move to %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/categories.py" line="359"/>
        <source>Deleted %1; %n transactions moved to %2.</source>
        <translation>
            <numerusform>Deleted %1; %n transaction moved to %2.</numerusform>
            <numerusform>Deleted %1; %n transactions moved to %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ColumnMapperDialog</name>
    <message numerus="yes">
        <location filename="../../ui/dialogs/column_mapper.py" line="263"/>
        <source>Read with these columns: %Ln rows</source>
        <translation>
            <numerusform>Read with these columns: %Ln row</numerusform>
            <numerusform>Read with these columns: %Ln rows</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConnectPlatformDialog</name>
    <message numerus="yes">
        <location filename="../../ui/dialogs/connect_platform.py" line="302"/>
        <source>%Ln accounts</source>
        <translation>
            <numerusform>%Ln account</numerusform>
            <numerusform>%Ln accounts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/connect_platform.py" line="303"/>
        <source>%Ln new transactions</source>
        <translation>
            <numerusform>%Ln new transaction</numerusform>
            <numerusform>%Ln new transactions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HouseholdInbox</name>
    <message numerus="yes">
        <location filename="../../ui/views/household_inbox.py" line="706"/>
        <source>%n request(s) awaiting your decision</source>
        <translation>
            <numerusform>%n request awaiting your decision</numerusform>
            <numerusform>%n requests awaiting your decision</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportHistoryDialog</name>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_history.py" line="92"/>
        <source>%Ln added</source>
        <translation>
            <numerusform>%Ln added</numerusform>
            <numerusform>%Ln added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_history.py" line="135"/>
        <source>Take the %Ln transactions imported from %1 out of Huiliu?</source>
        <translation>
            <numerusform>Take the %Ln transaction imported from %1 out of Huiliu?</numerusform>
            <numerusform>Take the %Ln transactions imported from %1 out of Huiliu?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_history.py" line="156"/>
        <source>Undone: %Ln transactions of %1 removed.</source>
        <translation>
            <numerusform>Undone: %Ln transaction of %1 removed.</numerusform>
            <numerusform>Undone: %Ln transactions of %1 removed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_preview.py" line="246"/>
        <location filename="../../ui/dialogs/import_preview.py" line="272"/>
        <source>%Ln rows</source>
        <translation>
            <numerusform>%Ln row</numerusform>
            <numerusform>%Ln rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_preview.py" line="376"/>
        <source>Import %Ln transactions</source>
        <translation>
            <numerusform>Import %Ln transaction</numerusform>
            <numerusform>Import %Ln transactions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_preview.py" line="380"/>
        <source>%Ln rows have no account: choose the statement's account, map the cards that paid them, or leave them out</source>
        <translation>
            <numerusform>%Ln row has no account: choose the statement's account, map the card that paid it, or leave it out</numerusform>
            <numerusform>%Ln rows have no account: choose the statement's account, map the cards that paid them, or leave them out</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_preview.py" line="440"/>
        <source>Imported %Ln transactions</source>
        <translation>
            <numerusform>Imported %Ln transaction</numerusform>
            <numerusform>Imported %Ln transactions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_preview.py" line="441"/>
        <source>%Ln rows skipped</source>
        <translation>
            <numerusform>%Ln row skipped</numerusform>
            <numerusform>%Ln rows skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_preview.py" line="442"/>
        <source>%Ln transfers between own accounts paired</source>
        <translation>
            <numerusform>%Ln transfer between own accounts paired</numerusform>
            <numerusform>%Ln transfers between own accounts paired</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_preview.py" line="460"/>
        <source>Import undone: %Ln transactions removed.</source>
        <translation>
            <numerusform>Import undone: %Ln transaction removed.</numerusform>
            <numerusform>Import undone: %Ln transactions removed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="317"/>
        <source>%n request(s) awaiting your decision</source>
        <translation>
            <numerusform>%n request awaiting your decision</numerusform>
            <numerusform>%n requests awaiting your decision</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="323"/>
        <source>%n transfer(s) can still be revoked</source>
        <translation>
            <numerusform>%n transfer can still be revoked</numerusform>
            <numerusform>%n transfers can still be revoked</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message numerus="yes">
        <location filename="../../ui/views/reports_page.py" line="313"/>
        <source>Spent %1 over %Ln month(s); click a bar to see its transactions.</source>
        <translation>
            <numerusform>Spent %1 over %Ln month; click a bar to see its transactions.</numerusform>
            <numerusform>Spent %1 over %Ln months; click a bar to see its transactions.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/views/reports_page.py" line="365"/>
        <source>%Ln transfer(s)</source>
        <translation>
            <numerusform>%Ln transfer</numerusform>
            <numerusform>%Ln transfers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message numerus="yes">
        <location filename="../../ui/widgets/sync_panel.py" line="119"/>
        <source>Synced %1 of %Ln platforms…</source>
        <translation>
            <numerusform>Synced %1 of %Ln platform…</numerusform>
            <numerusform>Synced %1 of %Ln platforms…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/sync_panel.py" line="152"/>
        <source>%1 of %Ln platforms could not be updated.</source>
        <translation>
            <numerusform>%1 of %Ln platform could not be updated.</numerusform>
            <numerusform>%1 of %Ln platforms could not be updated.</numerusform>
        </translation>
    </message>
<message numerus="yes">
        <location filename="../../ui/widgets/sync_panel.py" line="35"/>
        <source>%Ln accounts</source>
        <translation>
            <numerusform>%Ln account</numerusform>
            <numerusform>%Ln accounts</numerusform>
        </translation>
    </message>
    </context>
<context>
    <name>TransactionDetailDialog</name>
    <message numerus="yes">
        <location filename="../../ui/dialogs/transaction_detail.py" line="307"/>
        <source>Moved %n transactions of %1 to %2.</source>
        <translation>
            <numerusform>Moved %n transaction of %1 to %2.</numerusform>
            <numerusform>Moved %n transactions of %1 to %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/transaction_detail.py" line="309"/>
        <source>Rule kept. %n other transactions of %1 are in other categories.</source>
        <translation>
            <numerusform>Rule kept. %n other transaction of %1 is in another category.</numerusform>
            <numerusform>Rule kept. %n other transactions of %1 are in other categories.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TransactionFilters</name>
    <message numerus="yes">
        <location filename="../../ui/widgets/transaction_filters.py" line="386"/>
        <source>%Ln transactions</source>
        <translation>
            <numerusform>%Ln transaction</numerusform>
            <numerusform>%Ln transactions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/transaction_filters.py" line="389"/>
        <source>%1 of %Ln transactions</source>
        <translation>
            <numerusform>%1 of %Ln transaction</numerusform>
            <numerusform>%1 of %Ln transactions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TransfersList</name>
    <message numerus="yes">
        <location filename="../../ui/views/transfers_list.py" line="172"/>
        <source>%n transfer(s) can still be revoked.</source>
        <translation>
            <numerusform>%n transfer can still be revoked.</numerusform>
            <numerusform>%n transfers can still be revoked.</numerusform>
        </translation>
    </message>
</context>
<context><name>ImportPreview</name><message numerus="yes">
        <location filename="../../ui/models/import_rows.py" line="53"/>
        <source>%Ln rows</source>
        <translation>
            <numerusform>%Ln row</numerusform>
            <numerusform>%Ln rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/import_rows.py" line="58"/>
        <source>%Ln new</source>
        <translation>
            <numerusform>%Ln new</numerusform>
            <numerusform>%Ln new</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/import_rows.py" line="64"/>
        <source>%Ln duplicates</source>
        <translation>
            <numerusform>%Ln duplicate</numerusform>
            <numerusform>%Ln duplicates</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/import_rows.py" line="66"/>
        <source>%Ln closed</source>
        <translation>
            <numerusform>%Ln closed</numerusform>
            <numerusform>%Ln closed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/import_rows.py" line="68"/>
        <source>%Ln without an account</source>
        <translation>
            <numerusform>%Ln without an account</numerusform>
            <numerusform>%Ln without an account</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/import_rows.py" line="70"/>
        <source>%Ln in another currency (not imported)</source>
        <translation>
            <numerusform>%Ln in another currency (not imported)</numerusform>
            <numerusform>%Ln in another currency (not imported)</numerusform>
        </translation>
    </message>
</context><context><name>When</name><message numerus="yes">
        <location filename="../../ui/when.py" line="64"/>
        <source>%n minutes ago</source>
        <translation>
            <numerusform>%n minute ago</numerusform>
            <numerusform>%n minutes ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/when.py" line="69"/>
        <source>%n hours ago</source>
        <translation>
            <numerusform>%n hour ago</numerusform>
            <numerusform>%n hours ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/when.py" line="70"/>
        <source>%n days ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n minutes</source>
        <translation>
            <numerusform>in %n minute</numerusform>
            <numerusform>in %n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n hours</source>
        <translation>
            <numerusform>in %n hour</numerusform>
            <numerusform>in %n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n days</source>
        <translation>
            <numerusform>in %n day</numerusform>
            <numerusform>in %n days</numerusform>
        </translation>
    </message>
</context><context><name>TransferScheduler</name><message numerus="yes">
        <source>%n transfer(s) that were due while Huiliu was closed have been sent.</source>
        <translation>
            <numerusform>%n transfer that was due while Huiliu was closed has been sent.</numerusform>
            <numerusform>%n transfers that were due while Huiliu was closed have been sent.</numerusform>
        </translation>
    </message>
</context></TS>