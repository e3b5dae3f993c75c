//! Host metrics collected over SSH: one row per sample (full resolution for 24 h,
//! then 5-minute averages up to 7 days) and one status row per host.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SshHosts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum MetricSamples {
    Table,
    Id,
    HostId,
    At,
    /// 0 = a raw sample; otherwise the seconds one averaged row covers (300).
    Resolution,
    CpuPct,
    Load1,
    Load5,
    Load15,
    MemUsed,
    MemTotal,
    UptimeS,
    /// JSON array of `{mount, fs, used, total}` (KiB).
    Disks,
}

#[derive(DeriveIden)]
enum MetricHostStatus {
    Table,
    HostId,
    Reachable,
    LastOkAt,
    LastError,
    LastErrorAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(MetricSamples::Table)
                .if_not_exists()
                .col(big_pk_auto(MetricSamples::Id))
                .col(big_integer(MetricSamples::HostId))
                .col(big_integer(MetricSamples::At))
                .col(integer(MetricSamples::Resolution).default(0))
                .col(double_null(MetricSamples::CpuPct))
                .col(double(MetricSamples::Load1))
                .col(double(MetricSamples::Load5))
                .col(double(MetricSamples::Load15))
                .col(big_integer(MetricSamples::MemUsed))
                .col(big_integer(MetricSamples::MemTotal))
                .col(big_integer(MetricSamples::UptimeS))
                .col(text(MetricSamples::Disks))
                .foreign_key(
                    ForeignKey::create()
                        .from(MetricSamples::Table, MetricSamples::HostId)
                        .to(SshHosts::Table, SshHosts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_metric_samples_host_at")
                .table(MetricSamples::Table)
                .col(MetricSamples::HostId)
                .col(MetricSamples::At)
                .to_owned(),
        )
        .await?;
        // Compaction scans by age across hosts.
        m.create_index(
            Index::create()
                .name("idx_metric_samples_res_at")
                .table(MetricSamples::Table)
                .col(MetricSamples::Resolution)
                .col(MetricSamples::At)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MetricHostStatus::Table)
                .if_not_exists()
                .col(big_integer(MetricHostStatus::HostId).primary_key())
                .col(boolean(MetricHostStatus::Reachable))
                .col(big_integer_null(MetricHostStatus::LastOkAt))
                .col(text_null(MetricHostStatus::LastError))
                .col(big_integer_null(MetricHostStatus::LastErrorAt))
                .col(big_integer(MetricHostStatus::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(MetricHostStatus::Table, MetricHostStatus::HostId)
                        .to(SshHosts::Table, SshHosts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(MetricHostStatus::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(MetricSamples::Table).to_owned()).await
    }
}
