"""InitAudit's PyTorch trial worker: leases trials from an InitAudit service, trains them with torch (CUDA when there is
one), and reports the losses. Standard library and torch only. See python3 -m initaudit_worker --help."""

__version__ = "0.1.0"
