//! Levels of the Linux kernel's own messages in a syslog file (`Nov  6
//! 11:34:52 host kernel: [523350.0] Memory cgroup out of memory: Killed
//! process …`) or in `dmesg` output (`[523350.000000] …`). The kernel logs
//! each at a printk level, but rsyslog's default file format and plain
//! `dmesg` drop it, so an OOM kill reads as routine output. For the messages
//! an on-call engineer meets, the level is the one the kernel source logs
//! them at (the file is named with each); any other kernel line keeps no level.

use crate::ingest::LogLevel;

/// (message text, the level its printk call gives it). Matched anywhere in
/// the message, case-sensitively, as the kernel spells them.
const KERNEL_MESSAGES: &[(&str, LogLevel)] = &[
    // mm/oom_kill.c, dump_header(): pr_warn("%s invoked oom-killer: …").
    ("invoked oom-killer", LogLevel::Warn),
    // mm/oom_kill.c, __oom_kill_process(): pr_err("%s: Killed process %d (%s) …"),
    // the prefix "Out of memory" or "Memory cgroup out of memory".
    ("out of memory: Killed process", LogLevel::Error),
    ("Out of memory: Killed process", LogLevel::Error),
    // kernel/hung_task.c, check_hung_task(): pr_err("INFO: task %s:%d blocked for more than %ld seconds.").
    ("blocked for more than", LogLevel::Error),
    // block/blk-core.c, blk_print_req_error(): KERN_ERR "%s error, dev %s, sector %llu".
    ("I/O error, dev ", LogLevel::Error),
    // fs/buffer.c, buffer_io_error(): KERN_ERR "Buffer I/O error on dev %pg".
    ("Buffer I/O error on dev", LogLevel::Error),
    // fs/ext4/super.c, __ext4_error(): KERN_CRIT "EXT4-fs error (device %s)".
    ("EXT4-fs error", LogLevel::Fatal),
    // fs/ext4/super.c, ext4_handle_error(): ext4_msg(sb, KERN_CRIT, "Remounting filesystem read-only").
    ("Remounting filesystem read-only", LogLevel::Fatal),
    // kernel/watchdog.c, watchdog_timer_fn(): pr_emerg("BUG: soft lockup - CPU#%d stuck for %us!").
    ("BUG: soft lockup", LogLevel::Fatal),
    // kernel/panic.c, panic(): pr_emerg("Kernel panic - not syncing: %s").
    ("Kernel panic - not syncing", LogLevel::Fatal),
    // kernel/rcu/tree_stall.h: pr_err("INFO: %s self-detected stall on CPU").
    ("self-detected stall on CPU", LogLevel::Error),
    // net/netfilter/nf_conntrack_core.c: net_warn_ratelimited("nf_conntrack: table full, dropping packet").
    ("nf_conntrack: table full, dropping packet", LogLevel::Warn),
    // net/sched/sch_generic.c, dev_watchdog(): WARN_ONCE(1, "NETDEV WATCHDOG: %s (%s): transmit queue %u timed out").
    ("NETDEV WATCHDOG", LogLevel::Warn),
];

/// How far into a line the syslog header's ` kernel: ` tag may end.
const HEADER_BYTES: usize = 96;

/// The level of a kernel message the table knows, in a line that is the
/// kernel's: tagged `kernel:` in its syslog header, or starting with
/// `dmesg`'s `[seconds.micros]` stamp.
pub fn kernel_level(line: &str) -> Option<LogLevel> {
    static TAG: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b" kernel: "));
    let head = &line.as_bytes()[..line.len().min(HEADER_BYTES)];
    let message = if let Some(at) = TAG.find(head) {
        &line[at + " kernel: ".len()..]
    } else if is_dmesg_stamp(line) {
        line
    } else {
        return None;
    };
    KERNEL_MESSAGES
        .iter()
        .find(|(text, _)| message.contains(text))
        .map(|(_, level)| *level)
}

/// `[523350.000000] …` or `[    3.141593] …`: seconds since boot.
fn is_dmesg_stamp(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('[') else {
        return false;
    };
    let Some(close) = rest.find(']') else {
        return false;
    };
    let stamp = rest[..close].trim_start();
    stamp.contains('.') && stamp.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_oom_kill_in_kern_log_is_an_error_and_its_prelude_a_warning() {
        let kill = "Nov  6 11:34:52 ip-10-0-12-41 kernel: [523350.000000] Memory cgroup out of memory: Killed process 49584 (python3) total-vm:1352390kB";
        assert_eq!(kernel_level(kill), Some(LogLevel::Error));
        let invoked = "Nov  6 11:34:52 ip-10-0-12-41 kernel: [523350.000000] python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0";
        assert_eq!(kernel_level(invoked), Some(LogLevel::Warn));
    }

    #[test]
    fn dmesg_lines_are_the_kernels_too() {
        let hung = "[  605.123456] INFO: task jbd2/sda1-8:312 blocked for more than 120 seconds.";
        assert_eq!(kernel_level(hung), Some(LogLevel::Error));
        let io =
            "[ 9911.000001] blk_update_request: I/O error, dev sdb, sector 2048 op 0x1:(WRITE)";
        assert_eq!(kernel_level(io), Some(LogLevel::Error));
    }

    #[test]
    fn the_same_words_from_a_program_or_another_tag_are_not_the_kernels() {
        // An application quoting the kernel's words is not the kernel.
        let app = "Nov  6 11:40:00 host resizer[812]: worker saw Out of memory: Killed process 12 in dmesg";
        assert_eq!(kernel_level(app), None);
        assert_eq!(kernel_level("Out of memory: Killed process 12"), None);
        // A kernel line the table does not know keeps no level.
        let link = "Nov  6 11:40:00 host kernel: [12.5] eth0: Link is Up - 10Gbps/Full";
        assert_eq!(kernel_level(link), None);
    }
}
