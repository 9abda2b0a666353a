"""Share kits as editors handle them: their life cycle (save, withdraw, restore, each in the
page's history), the kit form both editing routes use, the page editor's Sharing tab, and the
ambassadors' hub feed. The kit model and its share-window rule are in ``models.kits``."""
