"""A warmed worker has jieba loaded and its start-up objects out of the garbage collector's reach."""
import gc


def test_warm_up_loads_the_classifier_and_freezes_the_heap():
    from wuye.core.warmup import warm_up

    before = gc.get_freeze_count()
    try:
        warm_up()
        from wuye.complaints.rules import classifier

        assert classifier._STATE["tokenizer"].initialized  # the classifier's own jieba tokenizer
        assert gc.get_freeze_count() > before + 100_000  # jieba's dictionary alone
    finally:
        gc.unfreeze()
