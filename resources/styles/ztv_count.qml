<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="AllStyleCategories">
  <pipe>
    <rasterrenderer type="singlebandpseudocolor" band="1" opacity="0.75" alphaBand="-1" classificationMin="0" classificationMax="1000" nodataColor="">
      <rastershader>
        <colorrampshader colorRampType="DISCRETE" classificationMode="3" clip="0" minimumValue="0" maximumValue="1000" labelPrecision="0">
            <item alpha="0" value="0" label="Aucun élément visible" color="#ffffff"/>
            <item alpha="255" value="1" label="1 élément visible" color="#fee391"/>
            <item alpha="255" value="3" label="2 à 3 éléments visibles" color="#fec44f"/>
            <item alpha="255" value="6" label="4 à 6 éléments visibles" color="#fe9929"/>
            <item alpha="255" value="10" label="7 à 10 éléments visibles" color="#d95f0e"/>
            <item alpha="255" value="inf" label="Plus de 10 éléments visibles" color="#993404"/>
        </colorrampshader>
      </rastershader>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100"/>
    <rasterresampler maxOversampling="2"/>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
